/**
 * The passage of a source a claim most likely came from: the sentence that
 * shares the most distinct words with the claim (the local generator builds
 * claims from source sentences; for other generators it is a best guess,
 * which the screen says).
 */
const words = (text: string): Set<string> =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 2),
  );

export const sentencesOf = (text: string): string[] =>
  text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);

export const passageFor = (claim: string, sourceText: string): string | undefined => {
  const claimWords = words(claim);
  let best: { sentence: string; shared: number } | undefined;
  for (const sentence of sentencesOf(sourceText)) {
    let shared = 0;
    for (const word of words(sentence)) if (claimWords.has(word)) shared++;
    if (shared > 0 && (!best || shared > best.shared)) best = { sentence, shared };
  }
  return best?.sentence;
};
