import { MAX_RETRACTION_REASON } from '../../../use-cases/retract-article.ts';
import * as z from '../../../zod.ts';
import type { AreaRequestBodies } from '../operation-contract.ts';
import { freeText } from './parts.ts';

/** What admins send: the reasons for a retraction and a source withdrawal. The requests half of ../admin.ts, so a handler bundles no response schemas. */

export const retractionBody = z.strictObject({
  reason: freeText('multiline').check(
    z.maxLength(MAX_RETRACTION_REASON),
    z.refine((reason) => reason.trim().length > 0, 'must not be blank'),
  ),
});

/** A library source's id, as the catalogue and citations name it. */
const sourceIdField = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const withdrawalBody = z.strictObject({
  reason: freeText('multiline').check(
    z.maxLength(MAX_RETRACTION_REASON),
    z.refine((reason) => reason.trim().length > 0, 'must not be blank'),
    z.meta({ description: 'Why the source is withdrawn; reviewers see it with each re-review' }),
  ),
  supersededBy: z.optional(
    sourceIdField.check(z.meta({ description: 'The library source that replaces it, if one does' })),
  ),
});

export const requestBodies = {
  'DELETE /v1/admin/articles/{slug}': retractionBody,
  'POST /v1/admin/sources/{id}/withdrawal': withdrawalBody,
} satisfies AreaRequestBodies;
