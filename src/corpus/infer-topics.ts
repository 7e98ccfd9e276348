// Topics for an article from the taxonomy's phrases, built for precision: a feed posts what the tags say, so a
// wrong tag costs more than a missing one.
//
// Evidence: each keyword counts once at the weight of its best place — title, lead, opening of the body — plus a
// share of its further mentions (capped); a weak keyword counts a fraction of that. A topic's confidence is
// 1 − e^(−evidence / scale), times its share of the strongest topic's evidence (or of the strongest title-and-lead
// evidence, when that share is larger) to the power `dominance`: a story is about one or two things, not about
// every word it uses. Weak keywords add at most as much as the strong ones; alone they stay under the threshold.
// One keyword (however often repeated) and evidence found only in the body are discounted: most wrong tags came
// from one ambiguous word or a passing mention. Parents take their best child's confidence. Topics at or above
// the threshold are candidates; one that yields to another candidate steps aside; an article keeps its best
// `maxTopics` leaves (the second needs `secondThreshold`), parents on top. TOPIC_DEFAULTS are chosen by 5-fold
// cross-validation on eval/topics/{dev,test}.jsonl (bench/eval-topics-cv.ts; docs/corpus.md, "Topic tagging").
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
  /**
   * Confidence factor for a topic whose strong evidence is one keyword, however often repeated ("học sinh" in a
   * drowning story, "phim" in a fine): one word is ambiguous, two different ones rarely are.
   */
  singleKeyword: 0.7,
  /** Confidence factor for a topic with no strong keyword in the title or lead: a mention deep in the body. */
  bodyOnly: 0.7,
  /** Weak keywords add at most this multiple of a topic's strong evidence: "ông", "tỉnh", "Sở" pile up in any story. */
  weakCap: 1,
  threshold: 0.35,
  /**
   * A second leaf topic needs this confidence (or the threshold, if higher): a story is about one thing first.
   * Not a subtopic of an assigned topic: Cloud Computing under an assigned Technology refines it.
   */
  secondThreshold: 0.5,
  /**
   * Topics whose keywords are often passing mentions need more than `threshold` (chosen per topic by
   * cross-validation, bench/eval-topics-cv.ts).
   */
  topicThresholds: { World: 0.6, Education: 0.7, Lifestyle: 0.4 } as Readonly<Record<string, number>>,
  maxTopics: 2,
  /** A text is written with Vietnamese marks (and matched exactly) when this share of its words carry one. */
  accentedShare: 0.15,
};

export type TopicSettings = typeof TOPIC_DEFAULTS;

export interface InferredTopics {
  /** Assigned topics, most confident first, implied parents included. */
  topics: string[];
  /** Confidence 0..1 of every topic with some evidence (≥ 0.05, assigned or not), rounded to 2 decimals. */
  scores: Record<string, number>;
  /** Evidence of the most confident assigned topic (a title hit is 3), 0 when none: a signal for derived heat. */
  score: number;
}

/** Reused by every call: loads are synchronous per file. */
const scan = new WordScan();
const TITLE = 0;
const LEAD = 1;
/** A body that starts with this much of the lead starts with the whole lead. */
const LEAD_PREFIX = 40;
/** Scores under this are left out of `scores`: noise, and each kept score costs memory on every article. */
const MIN_SCORE = 0.05;

/** Per-taxonomy scratch arrays, so scoring an article allocates next to nothing. */
interface Workspace {
  /** Keyword id → its slot in this article's keyword list, or -1. */
  slotOf: Int32Array;
  keyword: number[];
  topicOf: number[];
  weak: boolean[];
  best: number[];
  sum: number[];
  strong: Float64Array;
  weakEvidence: Float64Array;
  head: Float64Array;
  /** Per topic: distinct strong keywords, and whether one is in the title or lead. */
  distinct: Uint16Array;
  headStrong: Uint8Array;
  confidence: Float64Array;
  raw: Float64Array;
  assigned: Uint8Array;
  /** Per topic, the confidence a candidate needs, for the settings object `thresholdsOf`. */
  thresholds: Float64Array;
  thresholdsOf: TopicSettings | undefined;
}

const workspaces = new WeakMap<Taxonomy, Workspace>();

function workspaceFor(taxonomy: Taxonomy): Workspace {
  let workspace = workspaces.get(taxonomy);
  if (!workspace) {
    const topics = taxonomy.topics.length;
    workspace = {
      slotOf: new Int32Array(taxonomy.phraseCount).fill(-1),
      keyword: [],
      topicOf: [],
      weak: [],
      best: [],
      sum: [],
      strong: new Float64Array(topics),
      weakEvidence: new Float64Array(topics),
      head: new Float64Array(topics),
      distinct: new Uint16Array(topics),
      headStrong: new Uint8Array(topics),
      confidence: new Float64Array(topics),
      raw: new Float64Array(topics),
      assigned: new Uint8Array(topics),
      thresholds: new Float64Array(topics),
      thresholdsOf: undefined,
    };
    workspaces.set(taxonomy, workspace);
  }
  return workspace;
}

export function inferTopics(
  taxonomy: Taxonomy,
  fields: { title: string; excerpt: string; body: string },
  language: string,
  settings: TopicSettings = TOPIC_DEFAULTS,
): InferredTopics {
  scan.reset().add(fields.title);
  scan.add(fields.excerpt);
  const bodyFrom = leadEnd(fields);
  scan.add(fields.body, Math.min(fields.body.length, bodyFrom + settings.bodyChars), bodyFrom);
  const exact = scan.count > 0 && scan.marked >= scan.count * settings.accentedShare;
  const hits = taxonomy.match(scan, language, exact);
  if (hits.length === 0) return { topics: [], scores: {}, score: 0 };

  // Per keyword: its best weight and the sum of all its mentions' weights.
  const work = workspaceFor(taxonomy);
  const { slotOf, keyword, topicOf, weak, best, sum, strong, weakEvidence, head, distinct, headStrong, confidence, raw } = work;
  keyword.length = topicOf.length = weak.length = best.length = sum.length = 0;
  for (const hit of hits) {
    const segment = scan.segment[hit.at];
    const weight = segment === TITLE ? settings.titleWeight : segment === LEAD ? settings.leadWeight : settings.bodyWeight;
    const slot = slotOf[hit.keyword]!;
    if (slot !== -1) {
      best[slot] = Math.max(best[slot]!, weight);
      sum[slot]! += weight;
      continue;
    }
    slotOf[hit.keyword] = keyword.length;
    keyword.push(hit.keyword);
    topicOf.push(hit.topic);
    weak.push(hit.weak);
    best.push(weight);
    sum.push(weight);
  }
  strong.fill(0);
  weakEvidence.fill(0);
  head.fill(0);
  distinct.fill(0);
  headStrong.fill(0);
  for (let k = 0; k < keyword.length; k++) {
    slotOf[keyword[k]!] = -1;
    const value = (best[k]! + Math.min(settings.repeatCap, settings.repeatShare * (sum[k]! - best[k]!))) * (weak[k] ? settings.weakShare : 1);
    const topic = topicOf[k]!;
    if (weak[k]) weakEvidence[topic]! += value;
    else {
      strong[topic]! += value;
      distinct[topic]! += 1;
      if (best[k]! > settings.bodyWeight) headStrong[topic] = 1;
    }
    if (best[k]! > settings.bodyWeight) head[topic]! += value;
  }

  let strongest = 0;
  let strongestHead = 0;
  for (let topic = 0; topic < strong.length; topic++) {
    strongest = Math.max(strongest, evidence(strong[topic]!, weakEvidence[topic]!, settings.weakCap));
    strongestHead = Math.max(strongestHead, head[topic]!);
  }
  for (let topic = 0; topic < strong.length; topic++) {
    const total = evidence(strong[topic]!, weakEvidence[topic]!, settings.weakCap);
    raw[topic] = total;
    if (total === 0) {
      confidence[topic] = 0;
      continue;
    }
    // Its share of the strongest topic's evidence, or of the strongest title-and-lead evidence when that is more:
    // what the headline says a story is about outweighs a long body's vocabulary.
    const share = Math.max(total / strongest, strongestHead > 0 ? head[topic]! / strongestHead : 0);
    const value =
      (1 - Math.exp(-total / settings.scale)) *
      share ** settings.dominance *
      (distinct[topic]! >= 2 ? 1 : settings.singleKeyword) *
      (headStrong[topic] === 1 ? 1 : settings.bodyOnly);
    // Weak keywords support a topic; alone they never carry it.
    confidence[topic] = strong[topic] === 0 ? Math.min(value, settings.threshold / 2) : value;
  }
  // Parents take their best child's confidence (and evidence), up the chain.
  for (let topic = 0; topic < strong.length; topic++) {
    for (let parent = taxonomy.parents[topic]!; parent !== -1; parent = taxonomy.parents[parent]!) {
      if (confidence[parent]! < confidence[topic]!) {
        confidence[parent] = confidence[topic]!;
        raw[parent] = Math.max(raw[parent]!, raw[topic]!);
      }
    }
  }

  const ranked: number[] = [];
  for (let topic = 0; topic < strong.length; topic++) if (confidence[topic]! >= MIN_SCORE) ranked.push(topic);
  ranked.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  // Candidates at or above the threshold; one that yields to another candidate steps aside (World for a
  // foreign football story); then the best leaves, with their parents.
  const bar = thresholdsFor(work, taxonomy, settings);
  const assigned = work.assigned.fill(0);
  let leaves = 0;
  for (const topic of ranked) {
    if (leaves === settings.maxTopics || confidence[topic]! < settings.threshold) break;
    if (confidence[topic]! < bar[topic]!) continue;
    // A second subject needs more; a subtopic of an assigned topic (Cloud Computing under Technology) refines it.
    if (leaves > 0 && confidence[topic]! < settings.secondThreshold && !hasAssignedAncestor(taxonomy, assigned, topic)) continue;
    if (assigned[topic] === 1 || taxonomy.yields[topic]!.some((other) => confidence[other]! >= bar[other]!)) continue;
    assigned[topic] = 1;
    leaves += 1;
    for (let parent = taxonomy.parents[topic]!; parent !== -1; parent = taxonomy.parents[parent]!) assigned[parent] = 1;
  }
  const topics: string[] = [];
  const scores: Record<string, number> = {};
  let score = 0;
  for (const topic of ranked) {
    const name = taxonomy.topics[topic]!.name;
    scores[name] = Math.round(confidence[topic]! * 100) / 100;
    if (assigned[topic] === 0) continue;
    if (topics.length === 0) score = raw[topic]!;
    topics.push(name);
  }
  return { topics, scores, score };
}

function hasAssignedAncestor(taxonomy: Taxonomy, assigned: Uint8Array, topic: number): boolean {
  for (let parent = taxonomy.parents[topic]!; parent !== -1; parent = taxonomy.parents[parent]!) if (assigned[parent] === 1) return true;
  return false;
}

/** Per topic, the confidence it needs to be a candidate: the threshold, or its own when higher. Cached per settings object. */
function thresholdsFor(work: Workspace, taxonomy: Taxonomy, settings: TopicSettings): Float64Array {
  if (work.thresholdsOf !== settings) {
    work.thresholdsOf = settings;
    taxonomy.topics.forEach((topic, index) => {
      work.thresholds[index] = Math.max(settings.threshold, settings.topicThresholds[topic.name] ?? 0);
    });
  }
  return work.thresholds;
}

/** A topic's evidence: its strong keywords plus its weak ones, capped at `weakCap` times the strong (weak alone: uncapped, and kept under the threshold later). */
function evidence(strong: number, weak: number, weakCap: number): number {
  return strong === 0 ? weak : strong + Math.min(weak, weakCap * strong);
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

/** One shared, frozen `{topic: 1}` object per list of editor-given topics: a corpus repeats a few lists thousands of times. */
const givenScoreObjects = new Map<string, Readonly<Record<string, number>>>();

/** topicScores for topics an editor gave: each is certain. */
export function givenTopicScores(topics: readonly string[]): Record<string, number> {
  const key = topics.join('\n');
  let scores = givenScoreObjects.get(key);
  if (!scores) givenScoreObjects.set(key, (scores = Object.freeze(Object.fromEntries(topics.map((topic) => [topic, 1])))));
  return scores as Record<string, number>;
}
