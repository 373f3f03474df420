import { NONE_DECLARED, PROFILE_LIMITS } from '../../../domain/reviewer.ts';
import * as z from '../../../zod.ts';
import type { AreaRequestBodies } from '../operation-contract.ts';
import { freeText, trimmedText } from './parts.ts';

/** Reviewers: a profile admins keep, and the token subject a profile route names. The requests half of ../reviewers.ts, so a handler bundles no response schemas. */

/** A profile field: trimmed, not blank, at most `max` characters, one line. */
const profileField = (max: number, description: string) => trimmedText('line', max, description);

export const reviewerProfileBody = z.strictObject({
  displayName: profileField(PROFILE_LIMITS.displayName, 'The name readers see, e.g. "Dr. Rita Okafor"'),
  credentials: profileField(PROFILE_LIMITS.credentials, 'Degrees and certifications, e.g. "MD, FACC"'),
  specialty: profileField(PROFILE_LIMITS.specialty, 'e.g. "Cardiology"'),
  affiliation: z.optional(
    profileField(PROFILE_LIMITS.affiliation, 'Where the reviewer works, e.g. "St Mary\'s Hospital, London"'),
  ),
  disclosures: z._default(
    freeText('multiline').check(
      z.minLength(1, 'must not be blank'),
      z.maxLength(PROFILE_LIMITS.disclosures, `must be at most ${PROFILE_LIMITS.disclosures} characters`),
      z.refine((text) => text.trim().length > 0, 'must not be blank'),
      z.meta({
        description: 'Conflicts of interest, shown with each approval; "None declared" when omitted',
      }),
    ),
    NONE_DECLARED,
  ),
});

/** A reviewer's own edit of their profile: the affiliation (absent removes it) and the disclosures. */
export const ownProfileBody = z.strictObject({
  affiliation: reviewerProfileBody.shape.affiliation,
  disclosures: reviewerProfileBody.shape.disclosures,
});

/** A token subject in a path: the reviewer it names (Cognito subjects are UUIDs; local ones are user names). */
export const reviewerSubjectParam = z.string().check(
  z.maxLength(128, 'must be at most 128 characters'),
  z.refine((subject) => subject.trim().length > 0, 'must not be blank'),
  z.refine((subject) => !/\p{Cc}/u.test(subject), 'must not contain control characters'),
);

export const requestBodies = {
  'PUT /v1/admin/reviewers/{subject}': reviewerProfileBody,
  'PUT /v1/review/profile': ownProfileBody,
} satisfies AreaRequestBodies;
