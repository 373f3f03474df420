/**
 * The grounding evaluation: labelled questions drafted by a generator, and
 * what came back. Two sets over the demo library, written before any tuning
 * (test/eval/, see its README): `tuning` is what thresholds were chosen on; `held-out` is the
 * one the README and notes report. Never tune on held-out.
 */
import { readFileSync } from 'node:fs';
import { DRAFT_FLAGS, type Draft } from '../../shared/domain/draft.ts';
import type { DraftGenerator } from '../../shared/ports/draft-generator.ts';

export interface LabelledQuestion {
  question: string;
  /** Source id prefixes any of which a correct answer cites; absent: off-library. */
  topics?: string[];
  phrasing?: 'lay' | 'clinical' | 'us-spelling' | 'abbreviation';
  /** Why the library cannot answer it (near misses name the topic they are near). */
  offLibrary?: string;
}

export type EvaluationSetName = 'tuning' | 'held-out';

/**
 * The files behind each set (test/eval/README.md). The first held-out set was
 * read and tuned on, so it was retired into tuning on 2026-12-08 and a new one
 * written blind took its place.
 */
export const TUNING_FILES = ['grounding-tuning.json', 'grounding-tuning-retired.json'] as const;

export const HELD_OUT_FILES = ['grounding-held-out-v2.json'] as const;
const SET_FILES: Record<EvaluationSetName, readonly string[]> = {
  tuning: TUNING_FILES,
  'held-out': HELD_OUT_FILES,
};

/** One labelled file of test/eval/. */
export function labelledQuestions(file: string): LabelledQuestion[] {
  return JSON.parse(readFileSync(new URL(`../eval/${file}`, import.meta.url), 'utf8'));
}

export function evaluationSet(name: EvaluationSetName): LabelledQuestion[] {
  return SET_FILES[name].flatMap(labelledQuestions);
}

export interface GroundingFigures {
  inLibrary: number;
  /** In-library questions answered citing at least one source of their topic. */
  answeredRight: number;
  offLibrary: number;
  refusedOffLibrary: number;
  /** Answered drafts citing no source of the question's topic (in-library), or any (off-library). */
  wrongTopic: string[];
  /** In-library questions refused, with the terms the decision found missing. */
  refusedInLibrary: string[];
}

const refused = (draft: Draft) => draft.flags?.includes(DRAFT_FLAGS.noRelevantSources) ?? false;

export async function measureGrounding(
  generator: DraftGenerator,
  questions: readonly LabelledQuestion[],
): Promise<GroundingFigures> {
  const figures: GroundingFigures = {
    inLibrary: 0,
    answeredRight: 0,
    offLibrary: 0,
    refusedOffLibrary: 0,
    wrongTopic: [],
    refusedInLibrary: [],
  };
  for (const [index, item] of questions.entries()) {
    const draft = await generator.generate({
      questionId: `labelled-${index}`,
      question: item.question,
      audience: 'patient',
      revision: 1,
      reviewerComments: [],
    });
    const cited = draft.citations.map((citation) => citation.sourceId ?? '');
    if (item.topics) {
      figures.inLibrary++;
      if (refused(draft)) {
        figures.refusedInLibrary.push(
          `${item.question} (missing: ${draft.relevance?.missing.join(', ') || '-'}; matched: ${draft.relevance?.matched.join(', ') || '-'})`,
        );
      } else if (cited.some((id) => item.topics?.some((topic) => id.startsWith(topic)))) {
        figures.answeredRight++;
      } else {
        figures.wrongTopic.push(`${item.question} → ${cited.join(', ')}`);
      }
    } else {
      figures.offLibrary++;
      if (refused(draft)) figures.refusedOffLibrary++;
      else
        figures.wrongTopic.push(
          `${item.question} [off-library: ${item.offLibrary ?? ''}] → ${cited.join(', ')} (matched: ${draft.relevance?.matched.join(', ')})`,
        );
    }
  }
  return figures;
}

const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

/** The figures as the bench and the README print them. */
export function formatGrounding(name: string, figures: GroundingFigures, misses = true): string[] {
  const lines = [
    `${name}: in-library answered from a right source ${figures.answeredRight}/${figures.inLibrary} (${percent(figures.answeredRight, figures.inLibrary)}), ` +
      `off-library refused ${figures.refusedOffLibrary}/${figures.offLibrary} (${percent(figures.refusedOffLibrary, figures.offLibrary)}), ` +
      `wrong-topic answers ${figures.wrongTopic.length}`,
  ];
  if (misses) {
    for (const line of figures.refusedInLibrary) lines.push(`  refused: ${line}`);
    for (const line of figures.wrongTopic) lines.push(`  wrong topic: ${line}`);
  }
  return lines;
}
