// Topics for an article from the taxonomy's keywords: a hit in the title weighs 3, in the excerpt 2, in the
// body 1 (its opening BODY_CHARS: the lead and first paragraphs say what a story is about, and a whole
// 10 KB body would triple the load time); a topic needs a score of 3 (one title hit, or a few mentions) and an article keeps its best 3.
import type { Taxonomy } from './taxonomy.ts';

const TITLE_WEIGHT = 3;
const EXCERPT_WEIGHT = 2;
const MIN_SCORE = 3;
const MAX_TOPICS = 3;
const BODY_CHARS = 2000;

export interface InferredTopics {
  topics: string[];
  /** The best topic's score (0 when nothing matched): a signal for derived heat. */
  score: number;
}

export function inferTopics(
  taxonomy: Taxonomy,
  fields: { title: string; excerpt: string; body: string },
  language: string,
): InferredTopics {
  const scores = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    for (const [topic, hits] of taxonomy.countKeywords(text, language)) scores.set(topic, (scores.get(topic) ?? 0) + hits * weight);
  };
  add(fields.title, TITLE_WEIGHT);
  add(fields.excerpt, EXCERPT_WEIGHT);
  add(fields.body.length > BODY_CHARS ? fields.body.slice(0, BODY_CHARS) : fields.body, 1);
  const ranked = [...scores].filter(([, score]) => score >= MIN_SCORE).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { topics: ranked.slice(0, MAX_TOPICS).map(([topic]) => topic), score: ranked[0]?.[1] ?? 0 };
}
