// Topics for an article from the taxonomy's phrases, built for precision: a feed posts what the tags say, so a
// wrong tag costs more than a missing one.
//
// Evidence: each keyword counts once at the weight of its best place — title 3, lead 2, opening of the body 1 —
// plus REPEAT_SHARE of its further mentions (at most REPEAT_CAP); weak keywords count WEAK_SHARE of that.
// A topic's confidence is 1 − e^(−evidence / SCALE), times its share of the strongest topic's evidence (or of the
// strongest title-and-lead evidence, when that share is larger) to the power DOMINANCE: a story is about one or two
// things, not about every word it uses. A topic whose evidence is all weak stays under the threshold. Parents take their best child's confidence. Topics at or above THRESHOLD
// are assigned (at most MAX_TOPICS leaves, parents on top). The constants are tuned on eval/topics/dev.jsonl.
import type { Taxonomy } from './taxonomy.ts';
import { WordScan } from './topic-words.ts';

export const TOPIC_DEFAULTS = {
  titleWeight: 3,
  leadWeight: 2,
  bodyWeight: 1,
  /** The body is read this far: the lead and first paragraphs say what a story is about. */
  bodyChars: 2000,
  repeatShare: 0.25,
  repeatCap: 2,
  weakShare: 0.35,
  scale: 6,
  dominance: 0.75,
  threshold: 0.4,
  maxTopics: 2,
  /** A text is written with Vietnamese marks (and matched exactly) when this share of its words carry one. */
  accentedShare: 0.15,
};

export type TopicSettings = typeof TOPIC_DEFAULTS;

export interface InferredTopics {
  /** Assigned topics, most confident first, implied parents included. */
  topics: string[];
  /** Confidence 0..1 of every topic with evidence (assigned or not), rounded to 2 decimals. */
  scores: Record<string, number>;
  /** Evidence of the most confident assigned topic (a title hit is 3), 0 when none: a signal for derived heat. */
  score: number;
}

/** Reused by every call: loads are synchronous per file. */
const scan = new WordScan();
const TITLE = 0;
/** A body that starts with this much of the lead starts with the whole lead. */
const LEAD_PREFIX = 40;
const LEAD = 1;

export function inferTopics(
  taxonomy: Taxonomy,
  fields: { title: string; excerpt: string; body: string },
  language: string,
  settings: TopicSettings = TOPIC_DEFAULTS,
): InferredTopics {
  scan.reset().add(fields.title);
  scan.add(fields.excerpt);
  const bodyFrom = leadEnd(fields);
  scan.add(bodyFrom === 0 ? fields.body : fields.body.slice(bodyFrom), Math.min(fields.body.length - bodyFrom, settings.bodyChars));
  const exact = scan.count > 0 && scan.marked >= scan.count * settings.accentedShare;
  const hits = taxonomy.match(scan, language, exact);
  if (hits.length === 0) return { topics: [], scores: {}, score: 0 };

  // Per keyword: its best weight and the sum of all its mentions' weights.
  const best = new Map<number, { topic: number; weak: boolean; best: number; sum: number }>();
  for (const hit of hits) {
    const segment = scan.segment[hit.at];
    const weight = segment === TITLE ? settings.titleWeight : segment === LEAD ? settings.leadWeight : settings.bodyWeight;
    const seen = best.get(hit.keyword);
    if (seen) {
      seen.best = Math.max(seen.best, weight);
      seen.sum += weight;
    } else best.set(hit.keyword, { topic: hit.topic, weak: hit.weak, best: weight, sum: weight });
  }
  const evidence = new Map<number, { strong: number; weak: number; head: number }>();
  for (const keyword of best.values()) {
    const value = (keyword.best + Math.min(settings.repeatCap, settings.repeatShare * (keyword.sum - keyword.best))) * (keyword.weak ? settings.weakShare : 1);
    const topic = evidence.get(keyword.topic) ?? { strong: 0, weak: 0, head: 0 };
    if (keyword.weak) topic.weak += value;
    else topic.strong += value;
    if (keyword.best > settings.bodyWeight) topic.head += value;
    evidence.set(keyword.topic, topic);
  }

  let strongest = 0;
  let strongestHead = 0;
  for (const { strong, weak, head } of evidence.values()) {
    strongest = Math.max(strongest, strong + weak);
    strongestHead = Math.max(strongestHead, head);
  }
  const confidence = new Map<number, number>();
  const raw = new Map<number, number>();
  for (const [topic, { strong, weak, head }] of evidence) {
    const total = strong + weak;
    // Its share of the strongest topic's evidence, or of the strongest title-and-lead evidence when that is more:
    // what the headline says a story is about outweighs a long body's vocabulary.
    const share = Math.max(total / strongest, strongestHead > 0 ? head / strongestHead : 0);
    let value = (1 - Math.exp(-total / settings.scale)) * share ** settings.dominance;
    // Weak keywords support a topic; alone they never carry it.
    if (strong === 0) value = Math.min(value, settings.threshold / 2);
    confidence.set(topic, value);
    raw.set(topic, total);
  }
  // Parents take their best child's confidence (and evidence), up the chain.
  for (const [topic, value] of [...confidence]) {
    for (let parent = taxonomy.parents[topic]!; parent !== -1; parent = taxonomy.parents[parent]!) {
      if ((confidence.get(parent) ?? 0) < value) {
        confidence.set(parent, value);
        raw.set(parent, Math.max(raw.get(parent) ?? 0, raw.get(topic)!));
      }
    }
  }

  const ranked = [...confidence].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  // Candidates at or above the threshold; one that yields to another candidate steps aside (World for a
  // foreign football story); then the best leaves, with their parents.
  const candidates = new Set(ranked.filter(([, value]) => value >= settings.threshold).map(([topic]) => topic));
  for (const topic of [...candidates]) if (taxonomy.yields[topic]!.some((other) => candidates.has(other))) candidates.delete(topic);
  const assigned = new Set<number>();
  let leaves = 0;
  for (const [topic] of ranked) {
    if (leaves === settings.maxTopics) break;
    if (!candidates.has(topic) || assigned.has(topic)) continue;
    assigned.add(topic);
    leaves += 1;
    for (let parent = taxonomy.parents[topic]!; parent !== -1; parent = taxonomy.parents[parent]!) assigned.add(parent);
  }
  const name = (topic: number): string => taxonomy.topics[topic]!.name;
  const topics = ranked.filter(([topic]) => assigned.has(topic)).map(([topic]) => topic);
  return {
    topics: topics.map(name),
    scores: Object.fromEntries(ranked.filter(([, value]) => value >= 0.005).map(([topic, value]) => [name(topic), Math.round(value * 100) / 100])),
    score: topics.length > 0 ? raw.get(topics[0]!)! : 0,
  };
}

/**
 * Where the body goes on past the lead: a plain-text lead is the body's opening (its first paragraph, or first
 * sentences re-joined), which must not count twice. At the first space after the lead's length, so no word is cut.
 */
function leadEnd({ excerpt, body }: { excerpt: string; body: string }): number {
  if (excerpt === '' || !body.startsWith(excerpt.slice(0, LEAD_PREFIX))) return 0;
  const space = body.indexOf(' ', excerpt.length);
  return space === -1 ? Math.min(body.length, excerpt.length) : space;
}
