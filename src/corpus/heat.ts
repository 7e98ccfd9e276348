// Heat for articles whose file does not give one (plain text, or front matter with a bad `heat`), so they
// rank among front-matter articles: the seeds and the shared English corpus carry heat 11–189, median ~70.
//
//   heat = 15 + 75 × (0.4 × topic + 0.3 × length + 0.3 × shape)         → 15 (weak) … 90 (strong)
//   topic  = min(1, best topic's keyword score / 12)  (title hit 3, excerpt hit 2, body hit 1)
//   length = min(1, body words / 1500)                (a long story, not a stub)
//   shape  = 0.5 if the title is 20–150 characters + 0.5 if there is an excerpt distinct from the title
// The shared Vietnamese corpus lands at median ~60, just under the front-matter median, whose heat is measured.
// Pure and deterministic: the same file always gets the same heat, whatever else is in the corpus.

export interface HeatSignals {
  topicScore: number;
  bodyWords: number;
  titleChars: number;
  hasExcerpt: boolean;
}

export const DERIVED_HEAT_MIN = 15;
export const DERIVED_HEAT_SPAN = 75;
/** A body this long (in words) gets the whole length share. */
export const FULL_LENGTH_WORDS = 1500;

export function deriveHeat(signals: HeatSignals): number {
  const topic = Math.min(1, signals.topicScore / 12);
  const length = Math.min(1, signals.bodyWords / FULL_LENGTH_WORDS);
  const shape = (signals.titleChars >= 20 && signals.titleChars <= 150 ? 0.5 : 0) + (signals.hasExcerpt ? 0.5 : 0);
  return Math.round(DERIVED_HEAT_MIN + DERIVED_HEAT_SPAN * (0.4 * topic + 0.3 * length + 0.3 * shape));
}
