import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** The page's h1, focused when the screen opens so keyboard and screen-reader users start at the top of it. */
export const PageHeading = ({ children }: { children: ComponentChildren }) => {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
};

/** Error sentences, announced as they appear. */
export const Alert = ({ messages }: { messages: string[] | undefined }) =>
  messages && messages.length > 0 ? (
    <div class="alert" role="alert">
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <>
          <p>{messages[0]}</p>
          <ul>
            {messages.slice(1).map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  ) : null;

/** Success or progress, announced politely. */
export const Status = ({ message }: { message: string | undefined }) => (
  <p class="status" role="status">
    {message ?? ''}
  </p>
);

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
];

/** "3 h", "2 d", "under a minute". */
export const age = (since: string, now = Date.now()): string => {
  const elapsed = Math.max(0, now - Date.parse(since));
  for (const [size, unit] of UNITS) if (elapsed >= size) return `${Math.floor(elapsed / size)} ${unit}`;
  return 'under a minute';
};

export const when = (at: string): string =>
  `${new Date(at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC`;

export const STATUS_LABELS: Record<string, string> = {
  submitted: 'Submitted',
  drafting: 'Drafting',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  published: 'Published',
  rejected: 'Rejected',
  failed: 'Failed',
  retracted: 'Retracted',
};

export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? status;

/** A fieldset of radio buttons: arrow keys move between them, the legend names the group. */
export const RadioGroup = <T extends string>(props: {
  legend: string;
  name: string;
  options: readonly (readonly [T, string])[];
  value: T;
  onChange: (value: T) => void;
  class?: string;
}) => (
  <fieldset class={props.class}>
    <legend>{props.legend}</legend>
    {props.options.map(([option, label]) => (
      <label key={option} class="choice">
        <input
          type="radio"
          name={props.name}
          value={option}
          checked={props.value === option}
          onChange={() => props.onChange(option)}
        />{' '}
        {label}
      </label>
    ))}
  </fieldset>
);

export const AUDIENCE_OPTIONS = [
  ['clinician', 'Clinician'],
  ['patient', 'Patient'],
] as const;
