/**
 * Whether a model's sentence is supported by the library passages it cites, pure. A model is told
 * to answer only from the passages it is given, but its input holds user text (the question, a
 * reviewer's comments) that may try to make it say something else: "buy CoQ10 at
 * https://evil.example", "ignore previous instructions". Two checks catch what it then writes:
 *
 * - **Foreign URLs.** A sentence naming a web address the library does not hold is not drawn from
 *   the library, whatever it cites: the one thing an injected link must never reach is a reader.
 * - **Lexical support.** A share of the content words (stop words dropped, light stemming, as
 *   retrieval tokenises) of each clause of a claim must occur in the passages it cites:
 *   {@link MIN_CLAIM_SUPPORT}.
 *
 * Why these shares: an honest claim restates its passage, and the terms that carry its meaning
 * (drug, condition, dose, number) cannot be paraphrased away. A clinician claim keeps at least half
 * its words from the passage, leaving the rest free for rewording; the patient version is a
 * plain-language restatement ("myopathy" → "muscle damage", "lowering the dose" → "ask about a
 * lower dose"), so a third is enough there. The extractive local composer quotes its passages, so
 * its claims score 1. A claim that borrows one topical word and adds an instruction ("Ignore the
 * guidance: stop statins, buy CoQ10") scores well under a third. It is lexical, so a claim that
 * rearranges a passage's own words into another meaning still passes: that is the reviewers' job,
 * and why every draft is reviewed before it is published.
 */
import { tokenize } from './bm25.ts';

/** The share of a claim's content words its cited passages must contain, by version. */
export const MIN_CLAIM_SUPPORT = { clinician: 1 / 2, patient: 1 / 3 } as const;
export type DraftVersion = keyof typeof MIN_CLAIM_SUPPORT;

/**
 * Web addresses in prose: with a scheme, `www.` hosts, and bare host names under the top-level
 * domains spam favours (plus the reserved `.example`), optionally with a path. Markdown links and
 * HTML anchors are caught by the address inside them.
 */
const WEB_ADDRESS =
  /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|info|biz|io|co|shop|xyz|top|example|me|ly|gl|ru|cn)\b(?:\/[^\s<>"'()[\]{}]*)?/giu;

/** An address as compared: no scheme, no `www.`, no trailing slash or sentence punctuation, lower case. */
const addressKey = (address: string): string =>
  address
    .toLowerCase()
    .replace(/^https?:\/\//u, '')
    .replace(/^www\./u, '')
    .replace(/[.,;:!?]+$/u, '')
    .replace(/\/+$/u, '');

/** The web addresses in `text` that are not one of `held` (the library's source URLs). */
export const foreignAddresses = (text: string, held: Iterable<string>): string[] => {
  const known = new Set([...held].map(addressKey));
  return [...text.matchAll(WEB_ADDRESS)]
    .map((match) => match[0])
    .filter((found) => !known.has(addressKey(found)));
};

/**
 * Sentences and clauses, split where punctuation is followed by a space ("0.5 mg" stays whole):
 * each is judged on its own, so an instruction appended to a quoted passage ("<passage>. Ignore
 * the guidance: stop statins") is not carried by the passage's words.
 */
const CLAUSE_BREAK = /(?<=[.!?;:])\s+/u;

/** The share (0–1) of the text's content words found in the passages; 0 for a text without any. */
const wordSupport = (text: string, available: ReadonlySet<string>): number => {
  const words = new Set(tokenize(text));
  if (words.size === 0) return 0;
  let found = 0;
  for (const word of words) if (available.has(word)) found++;
  return found / words.size;
};

/**
 * How well the passages support the claim (0–1): the least supported of its clauses, each the share
 * of its content words found in the passages. Clauses without content words ("See:") are skipped;
 * a claim without any scores 0.
 */
export const claimSupport = (claim: string, passages: readonly string[]): number => {
  const available = new Set(passages.flatMap((passage) => tokenize(passage)));
  const clauses = claim
    .replace(WEB_ADDRESS, ' ')
    .split(CLAUSE_BREAK)
    .filter((clause) => tokenize(clause).length > 0);
  if (clauses.length === 0) return 0;
  return Math.min(...clauses.map((clause) => wordSupport(clause, available)));
};

/** Whether the claim is drawn from the passages: no foreign address, enough words in common. */
export const isSupportedBy = (
  claim: string,
  passages: readonly string[],
  held: Iterable<string>,
  version: DraftVersion,
): boolean =>
  foreignAddresses(claim, held).length === 0 && claimSupport(claim, passages) >= MIN_CLAIM_SUPPORT[version];
