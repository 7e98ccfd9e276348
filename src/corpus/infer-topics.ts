// Topics for an article from the taxonomy's phrases, built for precision: a feed posts what the tags say, so a
// wrong tag costs more than a missing one.
//
// Evidence: each keyword counts once at the weight of its best place — title 3, lead 2, opening of the body 1 —
// plus REPEAT_SHARE of its further mentions (at most REPEAT_CAP); weak keywords count WEAK_SHARE of that.
// A topic's confidence is 1 − e^(−evidence / SCALE), times its share of the strongest topic's evidence to the
// power DOMINANCE (a story is about one or two things, not about every word it uses); a topic whose evidence is
// all weak stays under the threshold. Parents take their best child's confidence. Topics at or above THRESHOLD
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
  dominance: 1,
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
const LEAD = 1;

export function inferTopics(
  taxonomy: Taxonomy,
  fields: { title: string; excerpt: string; body: string },
  language: string,
  settings: TopicSettings = TOPIC_DEFAULTS,
): InferredTopics {
  scan.reset().add(fields.title);
  scan.add(fields.excerpt);
  // A plain-text lead is the body's first paragraph: read the body after it, not twice.
  const bodyFrom = fields.excerpt !== '' && fields.body.startsWith(fields.excerpt) ? fields.excerpt.length : 0;
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
  const evidence = new Map<number, { strong: number; weak: number }>();
  for (const keyword of best.values()) {
    const value = keyword.best + Math.min(settings.repeatCap, settings.repeatShare * (keyword.sum - keyword.best));
    const topic = evidence.get(keyword.topic) ?? { strong: 0, weak: 0 };
    if (keyword.weak) topic.weak += value * settings.weakShare;
    else topic.strong += value;
    evidence.set(keyword.topic, topic);
  }

  let strongest = 0;
  for (const { strong, weak } of evidence.values()) strongest = Math.max(strongest, strong + weak);
  const confidence = new Map<number, number>();
  const raw = new Map<number, number>();
  for (const [topic, { strong, weak }] of evidence) {
    const total = strong + weak;
    let value = (1 - Math.exp(-total / settings.scale)) * (total / strongest) ** settings.dominance;
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
  const assigned = new Set<number>();
  let leaves = 0;
  for (const [topic, value] of ranked) {
    if (value < settings.threshold || leaves === settings.maxTopics) break;
    if (assigned.has(topic)) continue;
    assigned.add(topic);
    leaves += 1;
    for (let parent = taxonomy.parents[topic]!; parent !== -1; parent = taxonomy.parents[parent]!) assigned.add(parent);
  }
  // A topic that yields to an assigned one steps aside (World for a foreign football story).
  for (const topic of [...assigned]) if (taxonomy.yields[topic]!.some((other) => assigned.has(other))) assigned.delete(topic);
  const name = (topic: number): string => taxonomy.topics[topic]!.name;
  const topics = ranked.filter(([topic]) => assigned.has(topic)).map(([topic]) => topic);
  return {
    topics: topics.map(name),
    scores: Object.fromEntries(ranked.filter(([, value]) => value >= 0.005).map(([topic, value]) => [name(topic), Math.round(value * 100) / 100])),
    score: topics.length > 0 ? raw.get(topics[0]!)! : 0,
  };
}
