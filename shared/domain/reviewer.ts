/**
 * Reviewer profiles, pure: who vouched for an article, as readers see it.
 *
 * A reviewer is known to the system by the subject of their token; readers
 * never see it. An admin gives a reviewer a public profile (name,
 * credentials, specialty); an approval by a reviewer without one is shown as
 * "Medical reviewer". Profiles are keyed by the subject normalised the way
 * reviewer identity is compared (trimmed, case-folded), so `Rita` and
 * ` rita ` are one reviewer.
 */

/** What an approval by a reviewer without a profile is shown as. */
export const UNNAMED_REVIEWER = 'Medical reviewer';

export const PROFILE_LIMITS = {
  displayName: 120,
  credentials: 160,
  specialty: 120,
  affiliation: 200,
  disclosures: 1000,
} as const;

/** What a profile discloses when its reviewer declared no conflict of interest (and before one was asked). */
export const NONE_DECLARED = 'None declared';

/**
 * A subject as reviewer identity compares it: trimmed and case-folded (the
 * same rule as the review rules' identity; when both exist, keep one).
 */
export const reviewerKey = (subject: string): string => subject.trim().toLocaleLowerCase('en-US');

export interface ReviewerProfileInput {
  displayName: string;
  credentials: string;
  specialty: string;
  /** Where they work, e.g. "St Mary's Hospital, London". */
  affiliation?: string;
  /** Conflicts of interest, free text; {@link NONE_DECLARED} by default. */
  disclosures: string;
}

export interface ReviewerProfile extends ReviewerProfileInput {
  /** The normalised subject ({@link reviewerKey}); admin-only. */
  subject: string;
  createdAt: string;
  updatedAt: string;
}

/** An approval as a public article shows it. */
export interface PublicApproval {
  name: string;
  credentials?: string;
  specialty?: string;
  affiliation?: string;
  disclosures?: string;
  at: string;
}

/** An entry of the public advisory board. */
export interface BoardMember {
  name: string;
  credentials: string;
  specialty: string;
  affiliation?: string;
  disclosures: string;
}

/** An approval as the review records hold it: the raw subject and when. */
export interface SubjectApproval {
  reviewer: string;
  at: string;
}

/** Approvals named from profiles, and the reviewer keys behind them (internal, same order). */
export interface NamedApprovals {
  approvals: PublicApproval[];
  approverKeys: string[];
}

export const publicApproval = (at: string, profile: ReviewerProfile | undefined): PublicApproval =>
  profile
    ? {
        name: profile.displayName,
        credentials: profile.credentials,
        specialty: profile.specialty,
        ...(profile.affiliation ? { affiliation: profile.affiliation } : {}),
        disclosures: profile.disclosures,
        at,
      }
    : { name: UNNAMED_REVIEWER, at };

/** Names each approval from its reviewer's profile (looked up by reviewer key). */
export const nameApprovals = (
  approvals: readonly SubjectApproval[],
  profiles: ReadonlyMap<string, ReviewerProfile>,
): NamedApprovals => {
  const approverKeys = approvals.map(({ reviewer }) => reviewerKey(reviewer));
  return {
    approverKeys,
    approvals: approvals.map(({ at }, i) => publicApproval(at, profiles.get(approverKeys[i] as string))),
  };
};

/**
 * The approvals of a live article renamed from the current profiles, keeping
 * each approval's time; undefined when nothing changes (so a refresh writes
 * only when a name, credential or specialty did).
 */
export const renamedApprovals = (
  current: readonly PublicApproval[],
  approverKeys: readonly string[],
  profiles: ReadonlyMap<string, ReviewerProfile>,
): PublicApproval[] | undefined => {
  if (current.length !== approverKeys.length) return undefined;
  const renamed = current.map(({ at }, i) => publicApproval(at, profiles.get(approverKeys[i] as string)));
  const same = renamed.every((approval, i) => sameApproval(approval, current[i] as PublicApproval));
  return same ? undefined : renamed;
};

const sameApproval = (a: PublicApproval, b: PublicApproval): boolean =>
  a.name === b.name &&
  a.credentials === b.credentials &&
  a.specialty === b.specialty &&
  a.affiliation === b.affiliation &&
  a.disclosures === b.disclosures &&
  a.at === b.at;

/** The names a version history entry shows for its approvals. */
export const approverNames = (approvals: readonly PublicApproval[]): string[] =>
  approvals.map(({ name }) => name);

export const boardMember = (profile: ReviewerProfile): BoardMember => ({
  name: profile.displayName,
  credentials: profile.credentials,
  specialty: profile.specialty,
  ...(profile.affiliation ? { affiliation: profile.affiliation } : {}),
  disclosures: profile.disclosures,
});

/** Profiles by name (then subject, so equal names keep a stable order). */
export const byName = (profiles: readonly ReviewerProfile[]): ReviewerProfile[] =>
  [...profiles].sort(
    (a, b) =>
      a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }) ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
  );

/** The public advisory board: every reviewer with a profile, by name. */
export const advisoryBoard = (profiles: readonly ReviewerProfile[]): BoardMember[] =>
  byName(profiles).map(boardMember);
