import { UPDATE_KINDS } from '../../domain/updates.ts';
import * as z from '../../zod.ts';
import { draftExample } from './examples.ts';
import type { AreaOperations } from './operation-contract.ts';
import { cursorPage, isoTime, named, slug } from './response-parts.ts';

/** The updates feed: what changed, newest first. */

// Its routes' request schemas (what handlers parse) are in ./requests/updates.ts: apart, so no handler
// bundles response schemas.

export const updatesFeedSchema = named(
  'UpdatesFeed',
  'What changed: publications, revisions and retractions, newest first',
  cursorPage(
    z.object({
      kind: z.enum(UPDATE_KINDS),
      slug,
      title: z.string(),
      version: z
        .int()
        .check(
          z.positive(),
          z.meta({ description: 'The version published, or the one a retraction took down' }),
        ),
      at: isoTime,
      changeSummary: z
        .optional(z.string())
        .check(z.meta({ description: 'What the version changed; absent where nobody described it' })),
    }),
  ),
);

export const operations = {
  'GET /v1/updates': {
    operationId: 'listUpdates',
    description:
      'What changed, newest first: each publication, revision and retraction with the version it concerns ' +
      'and, where one was given, its change summary. `since` keeps changes at or after a time. What a ' +
      '"What\'s new" page needs; one read per page.',
    responses: {
      200: { description: 'A page of changes', schema: updatesFeedSchema, headers: ['Cache-Control'] },
    },
    example: {
      items: [
        {
          kind: 'revised',
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          version: 2,
          at: '2026-11-29T08:30:00.000Z',
          changeSummary: 'Adds the 2026 guideline target of under 130/80 mmHg for adults at high risk.',
        },
        {
          kind: 'published',
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          version: 1,
          at: '2026-11-28T10:02:42.310Z',
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof updatesFeedSchema>,
  },
} satisfies AreaOperations;
