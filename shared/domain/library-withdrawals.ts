/**
 * Withdrawals written in a library file, pure: a JSONL record may carry
 * `withdrawn: { reason, supersededBy? }`, and the load then withdraws that
 * source through the same use case as the admin route (catalogue mark,
 * `source.withdrawn`, notices and re-reviews). Every problem is found before
 * anything is written and reported by the record's position, as a bad record
 * is: a successor that is the source itself, withdrawn too, or in neither the
 * file nor the library, and a source the library already withdrew for
 * another reason or replacement (a reload of the same file is a repeat, not a
 * change).
 */
import * as z from '../zod.ts';
import { textProblem } from './clean-text.ts';
import type { FieldError } from './errors.ts';
import { type SourceWithdrawal, sameWithdrawal } from './source-withdrawal.ts';

/** The longest withdrawal reason, as the admin route takes it. */
export const MAX_WITHDRAWAL_REASON = 2000;

export interface FileWithdrawal {
  sourceId: string;
  reason: string;
  supersededBy?: string;
  /** Where the record is in its file ("line 3"), as errors name it. */
  position: string;
}

export const withdrawnMarkSchema = z.strictObject({
  reason: z.string().check(
    z.overwrite<string>((text) => text.normalize('NFC').trim()),
    z.minLength(1, 'must not be blank'),
    z.maxLength(MAX_WITHDRAWAL_REASON, `must be at most ${MAX_WITHDRAWAL_REASON} characters`),
    z.superRefine<string>((text, context) => {
      const problem = textProblem(text, 'multiline');
      if (problem) context.issues.push({ code: 'custom', message: problem, input: text });
    }),
  ),
  supersededBy: z.optional(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^\S+$/, 'must be a source id')),
  ),
});

/** What the library holds of the ids a file's withdrawals name: usable sources, withdrawn ones. */
export interface CatalogueView {
  sources: ReadonlyMap<string, unknown>;
  withdrawn: ReadonlyMap<string, Pick<SourceWithdrawal, 'reason' | 'supersededBy' | 'at'>>;
}

/** The ids a check of `withdrawals` needs the catalogue to resolve. */
export const idsToResolve = (withdrawals: readonly FileWithdrawal[]): string[] => [
  ...new Set(withdrawals.flatMap((w) => (w.supersededBy ? [w.sourceId, w.supersededBy] : [w.sourceId]))),
];

/**
 * The problems of a file's withdrawals against the file's own ids and the committed library, by
 * record. None means every withdrawal can be applied after the load.
 */
export function fileWithdrawalProblems(
  withdrawals: readonly FileWithdrawal[],
  fileIds: ReadonlySet<string>,
  catalogue: CatalogueView,
): FieldError[] {
  const withdrawnInFile = new Set(withdrawals.map((w) => w.sourceId));
  return withdrawals.flatMap((withdrawal): FieldError[] => {
    const { sourceId, supersededBy, position } = withdrawal;
    const at = (field: string) => `${position}: withdrawn.${field}`;
    const problems: FieldError[] = [];
    if (supersededBy === sourceId) {
      problems.push({ path: at('supersededBy'), message: 'a source cannot supersede itself' });
    } else if (supersededBy !== undefined) {
      if (withdrawnInFile.has(supersededBy) || catalogue.withdrawn.has(supersededBy)) {
        problems.push({ path: at('supersededBy'), message: `source "${supersededBy}" is withdrawn too` });
      } else if (!fileIds.has(supersededBy) && !catalogue.sources.has(supersededBy)) {
        problems.push({
          path: at('supersededBy'),
          message: `source "${supersededBy}" is neither in this file nor in the library`,
        });
      }
    }
    const earlier = catalogue.withdrawn.get(sourceId);
    if (earlier && !sameWithdrawal(earlier, withdrawal)) {
      problems.push({
        path: at('reason'),
        message: `source "${sourceId}" was withdrawn on ${earlier.at} for another reason or replacement`,
      });
    }
    return problems;
  });
}
