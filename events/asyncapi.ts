import * as z from '../shared/zod.ts';
import { type EventType, eventContracts } from './contracts.ts';
import { EVENT_BUS_NAME, EVENT_SOURCE } from './envelope.ts';

/** What each event means, as the AsyncAPI document tells integrators. */
const DESCRIPTIONS: Record<string, string> = {
  'question.submitted': 'Someone asked a question.',
  'draft.requested':
    "A draft of a question's revision is wanted (`cause`: first draft, change request, retry, re-review or a " +
    "reconciler's re-drive); the drafting worker's queue takes it from the bus.",
  'draft.generated': 'A draft revision of a question is ready for review.',
  'review.decided':
    'A reviewer decided on a revision; `outcome: approved` once it has its required approvals.',
  'article.published': 'A version of an article went live at `/v1/articles/{slug}`.',
  'article.retracted': 'An article was retracted: every public route answers 404 for it.',
};

const operationName = (type: string) =>
  `on${type.replace(/(^|\.)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}`;

/**
 * The AsyncAPI 3 document of the events on the bus, generated from the zod
 * contracts (events/contracts.ts). Written to events/asyncapi.json by
 * `npm run schemas`.
 */
export const buildAsyncApiDocument = () => {
  const published = Object.keys(eventContracts) as EventType[];
  const messageId = (type: string) => `${type}.v1`;
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Vetted events',
      version: '1.0.0',
      description:
        `Events on the EventBridge bus \`${EVENT_BUS_NAME}\` (source \`${EVENT_SOURCE}\`, \`detail-type\` = the event ` +
        'type). Each event is one envelope `{ id, type, version, occurredAt, subject, data }` (the EventBridge ' +
        '`detail`); `id` is stable across redeliveries, so deduplicate on it. Delivery is at least once.',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(
      published.map((type) => [
        type,
        {
          address: type,
          title: type,
          description:
            `\`detail-type: ${type}\` on the bus \`${EVENT_BUS_NAME}\`. ${DESCRIPTIONS[type] ?? ''}`.trim(),
          messages: { [messageId(type)]: { $ref: `#/components/messages/${messageId(type)}` } },
        },
      ]),
    ),
    operations: Object.fromEntries(
      published.map((type) => [
        operationName(type),
        {
          action: 'receive',
          title: `Subscribe to ${type}`,
          channel: { $ref: `#/channels/${type}` },
          messages: [{ $ref: `#/channels/${type}/messages/${messageId(type)}` }],
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        published.map((type) => {
          const { $schema: _, ...payload } = z.toJSONSchema(eventContracts[type], { target: 'draft-7' });
          return [
            messageId(type),
            {
              name: type,
              title: `${type} v1`,
              summary: DESCRIPTIONS[type] ?? type,
              contentType: 'application/json',
              payload,
            },
          ];
        }),
      ),
    },
  };
};
