import * as z from '../../zod.ts';
import type { AreaOperations } from './operation-contract.ts';
import { isoTime, named } from './response-parts.ts';

/** Reviewers: the public advisory board, and the profiles admins keep. */

// Its routes' request schemas (what handlers parse) are in ./requests/reviewers.ts: apart, so no handler
// bundles response schemas.

export const advisoryBoardSchema = named(
  'AdvisoryBoard',
  'The reviewers with a public profile',
  z.object({
    items: z.array(
      z.object({
        name: z.string(),
        credentials: z.string(),
        specialty: z.string(),
        affiliation: z.optional(z.string()),
        disclosures: z.string(),
      }),
    ),
  }),
);

export const reviewerProfileSchema = named(
  'ReviewerProfile',
  "A reviewer's public profile, keyed by the normalised token subject (admin-only)",
  z.object({
    subject: z.string(),
    displayName: z.string(),
    credentials: z.string(),
    specialty: z.string(),
    affiliation: z.optional(z.string()),
    disclosures: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
);

export const reviewerProfilesSchema = named(
  'ReviewerProfiles',
  'Every reviewer profile',
  z.object({ items: z.array(reviewerProfileSchema) }),
);

const profileExample = {
  subject: 'alice',
  displayName: 'Dr Ana Ruiz',
  credentials: 'MD',
  specialty: 'Cardiology',
  affiliation: 'Hospital Clínic, Barcelona',
  disclosures: 'None declared',
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z',
} satisfies z.output<typeof reviewerProfileSchema>;
const editedProfileExample = {
  ...profileExample,
  disclosures: 'Speaker fees from a statin maker (2025)',
  updatedAt: '2026-11-29T09:00:00.000Z',
} satisfies z.output<typeof reviewerProfileSchema>;

export const operations = {
  'GET /v1/reviewers': {
    operationId: 'listAdvisoryBoard',
    description: 'The public advisory board: every reviewer with a profile.',
    responses: {
      200: { description: 'The board', schema: advisoryBoardSchema, headers: ['Cache-Control'] },
    },
    example: {
      items: [
        {
          name: 'Dr Ana Ruiz',
          credentials: 'MD',
          specialty: 'Cardiology',
          affiliation: 'Hospital Clínic, Barcelona',
          disclosures: 'None declared',
        },
      ],
    } satisfies z.output<typeof advisoryBoardSchema>,
  },
  'GET /v1/admin/reviewers': {
    operationId: 'listReviewerProfiles',
    description: 'Every reviewer profile, with the token subject it belongs to.',
    responses: { 200: { description: 'The profiles', schema: reviewerProfilesSchema } },
    example: {
      items: [profileExample],
    } satisfies z.output<typeof reviewerProfilesSchema>,
  },
  'PUT /v1/admin/reviewers/{subject}': {
    operationId: 'putReviewerProfile',
    description:
      'Sets a reviewer\'s public profile (affiliation optional; disclosures "None declared" unless given); ' +
      'the live articles they approved show the new name, credentials, affiliation and disclosures.',
    responses: { 200: { description: 'The profile', schema: reviewerProfileSchema } },
    example: editedProfileExample,
  },
  'GET /v1/review/profile': {
    operationId: 'getOwnReviewerProfile',
    description: "The caller's own reviewer profile; 404 until an admin has created it.",
    responses: { 200: { description: 'The profile', schema: reviewerProfileSchema } },
    problems: [404],
    example: profileExample,
  },
  'PUT /v1/review/profile': {
    operationId: 'putOwnReviewerProfile',
    description:
      'A reviewer sets their own affiliation (omitted: none) and disclosures ("None declared" unless given); ' +
      'the name, credentials and specialty stay as an admin set them. The live articles they approved show ' +
      'the change. 404 until an admin has created the profile.',
    responses: { 200: { description: 'The profile', schema: reviewerProfileSchema } },
    problems: [404],
    example: editedProfileExample,
  },
} satisfies AreaOperations;
