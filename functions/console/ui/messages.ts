import type { Problem } from './types.ts';

/** What the person was doing when the API said no: it picks the words for a 409. */
export type Action = 'decide' | 'edit' | 'retry' | 'retract' | 'load' | 'profile' | 'feedback';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (text: string) => {
  const trimmed = capitalise(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

const CONFLICTS: Record<Action, string> = {
  decide:
    'Your decision was not recorded: another reviewer decided first, or the draft changed while you were reading it. Reload to see where it stands.',
  edit: 'Someone submitted a newer revision after you opened this one, so yours would overwrite it. Reload to start from the newest revision.',
  retry: 'This question is not failed (any more), so there is nothing to retry.',
  retract: 'The article changed while you were retracting it. Reload and try again.',
  load: 'The question changed. Reload and try again.',
  profile: 'The profile changed while you were editing it. Reload and try again.',
  feedback:
    'This feedback could not be resolved that way: another reviewer resolved it first, or its article already has a revision under way.',
};

/**
 * An API problem (RFC 9457) as plain sentences a reviewer can act on:
 * "Another reviewer decided first", "Claim 3 has no citation".
 */
export const plainProblem = (problem: Problem, action: Action): string[] => {
  const details = (problem.errors ?? []).map((error) => sentence(error.message));
  switch (problem.status) {
    case 401:
      return ['Your sign-in has expired or is not valid. Sign in again.'];
    case 403:
      return ['Your account does not have the role this needs. Ask an administrator.'];
    case 404:
      return [problem.detail ? sentence(problem.detail) : 'Not found.'];
    case 409: {
      const said = problem.detail ? [`(${sentence(problem.detail)})`] : [];
      return [CONFLICTS[action], ...said];
    }
    case 422:
      return ['This revision cannot be approved yet:', ...details];
    case 400:
      return details.length > 0 ? details : [sentence(problem.detail ?? 'The request was not valid')];
    default:
      if (problem.status >= 500) return ['The server had a problem. Try again in a moment.'];
      return [sentence(problem.detail ?? problem.title ?? `The request failed (${problem.status})`)];
  }
};
