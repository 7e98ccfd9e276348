// Cross-validated choice of the topic tagger's constants (TOPIC_DEFAULTS) on the labelled Vietnamese articles,
// dev + test (290; test2 is never read here). The articles are split into 5 seeded folds; for each fold the
// settings of GRID with the best micro F1 among those reaching MIN_PRECISION on the other four folds are scored
// on it: the pooled held-out figures estimate how the procedure does on articles it did not tune on.
// Usage: node bin/run-ts.js bench/eval-topics-cv.ts           CV figures, then the settings chosen on all 290
//        node bin/run-ts.js bench/eval-topics-cv.ts errors    per-topic P/R and every wrong or missing tag with
//                                                              its keyword evidence (T/L/B = title/lead/body, w = weak)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_ROOT } from '../eval/topics/select.ts';
import { inferTopics, TOPIC_DEFAULTS, type TopicSettings } from '../src/corpus/infer-topics.ts';
import { defaultTaxonomy } from '../src/corpus/load.ts';
import { parsePlainText } from '../src/corpus/plain-text.ts';
import { WordScan } from '../src/corpus/topic-words.ts';
import { detectLanguage } from '../src/text/language.ts';
import { LABELS_DIR, readLabels, scoreTopics } from './eval-topics.ts';

const taxonomy = await defaultTaxonomy();
const items = ['dev', 'test'].flatMap((split) =>
  readLabels(join(LABELS_DIR, `${split}.jsonl`)).map((row) => {
    const text = readFileSync(join(CORPUS_ROOT, row.file), 'utf8').normalize('NFC');
    const language = detectLanguage(text);
    return { split, file: row.file, labels: row.topics, language, parts: parsePlainText(text, language)! };
  }),
);

function tagAll(settings: TopicSettings) {
  return items.map((item) => inferTopics(taxonomy, item.parts, item.language, settings));
}

function evidence(item: (typeof items)[number], topic: string): string {
  const scan = new WordScan().reset().add(item.parts.title);
  scan.add(item.parts.excerpt);
  scan.add(item.parts.body, Math.min(item.parts.body.length, 4000));
  const index = taxonomy.topics.findIndex((t) => t.name === topic);
  return taxonomy
    .match(scan, item.language, true)
    .filter((hit) => hit.topic === index)
    .map((hit) => `${'TLB'[scan.segment[hit.at]!]}${hit.weak ? 'w' : ''}:${scan.texts[scan.segment[hit.at]!]!.slice(scan.starts[hit.at]!, scan.ends[hit.end - 1]!)}`)
    .join(', ');
}

if (process.argv[2] === 'errors') {
  const tags = tagAll(TOPIC_DEFAULTS);
  const metrics = scoreTopics(items.map((item, i) => ({ labels: item.labels, tags: tags[i]!.topics })));
  for (const row of metrics.perTopic) console.log(`${row.topic.padEnd(20)} P ${row.precision.toFixed(2)} R ${row.recall.toFixed(2)} sup ${row.support} tagged ${row.predicted}`);
  console.log(`micro P ${metrics.micro.precision.toFixed(3)} R ${metrics.micro.recall.toFixed(3)} F1 ${metrics.micro.f1.toFixed(3)}`);
  items.forEach((item, i) => {
    const got = tags[i]!;
    const fp = got.topics.filter((t) => !item.labels.includes(t));
    const fn = item.labels.filter((t) => !got.topics.includes(t));
    if (fp.length + fn.length === 0) return;
    console.log(`\n${item.split} ${item.file} | ${item.parts.title}\n  labels ${item.labels.join(', ')} | tags ${got.topics.join(', ')} | ${JSON.stringify(got.scores)}`);
    for (const t of fp) console.log(`  FP ${t}: ${evidence(item, t)}`);
    for (const t of fn) console.log(`  FN ${t}: ${evidence(item, t)}`);
  });
}

/** Every combination of these values is tried. */
const GRID = {
  threshold: [0.3, 0.35, 0.4],
  singleKeyword: [0.4, 0.5, 0.6, 0.7],
  bodyOnly: [0.7, 0.85, 1],
  weakCap: [1, Infinity],
  secondThreshold: [0.5, 0.55, 0.6, 0.65],
};
const FOLDS = 5;
const SEED = 'newsbot-topics-cv';
/** Per-topic thresholds tried (topics with at least TOPIC_MIN_SUPPORT labels in the training folds). */
const TOPIC_THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.7];
const TOPIC_MIN_SUPPORT = 8;
/** Settings are chosen for the best F1 among those with at least this micro precision on the training folds. */
const MIN_PRECISION = 0.88;

type Counts = { tp: number; predicted: number; support: number };
const fold = items.map((item) => parseInt(createHash('sha256').update(`${SEED}\u0000${item.file}`).digest('hex').slice(0, 8), 16) % FOLDS);
const micro = ({ tp, predicted, support }: Counts) => {
  const p = predicted ? tp / predicted : 0;
  const r = support ? tp / support : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

const describe = (settings: TopicSettings) =>
  [...Object.keys(GRID).map((key) => `${key}=${settings[key as keyof TopicSettings]}`), JSON.stringify(settings.topicThresholds)].join(' ');

function configs(): TopicSettings[] {
  let out: TopicSettings[] = [{ ...TOPIC_DEFAULTS }];
  for (const [key, values] of Object.entries(GRID)) out = out.flatMap((base) => values.map((value) => ({ ...base, [key]: value })));
  return out;
}

function countsPerArticle(settings: TopicSettings): Counts[] {
  return tagAll(settings).map((got, i) => {
    const labels = new Set(items[i]!.labels);
    return { tp: got.topics.filter((t) => labels.has(t)).length, predicted: got.topics.length, support: labels.size };
  });
}

function sum(counts: Counts[], keep: (i: number) => boolean): Counts {
  const total = { tp: 0, predicted: 0, support: 0 };
  counts.forEach((c, i) => {
    if (!keep(i)) return;
    total.tp += c.tp;
    total.predicted += c.predicted;
    total.support += c.support;
  });
  return total;
}

const objective = (c: Counts): [number, number] => {
  const m = micro(c);
  return m.p >= MIN_PRECISION ? [1, m.f1] : [0, m.p];
};
const better = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1] + 1e-9);

/** One greedy pass over the topics: each gets the per-topic threshold that best serves the objective on `keep`. */
function calibrate(start: { settings: TopicSettings; counts: Counts[] }, keep: (i: number) => boolean) {
  let best = start;
  let bestKey = objective(sum(best.counts, keep));
  for (const { name } of taxonomy.topics) {
    const support = items.filter((item, i) => keep(i) && item.labels.includes(name)).length;
    if (support < TOPIC_MIN_SUPPORT) continue;
    for (const value of TOPIC_THRESHOLDS) {
      if (value <= best.settings.threshold) continue;
      const settings = { ...best.settings, topicThresholds: { ...best.settings.topicThresholds, [name]: value } };
      const counts = countsPerArticle(settings);
      const key = objective(sum(counts, keep));
      if (better(key, bestKey)) [best, bestKey] = [{ settings, counts }, key];
    }
  }
  return best;
}

function choose(candidates: { settings: TopicSettings; counts: Counts[] }[], keep: (i: number) => boolean) {
  let best = candidates[0]!;
  let bestKey = [-1, -1];
  for (const candidate of candidates) {
    const key = objective(sum(candidate.counts, keep));
    if (better(key, bestKey as [number, number])) [best, bestKey] = [candidate, key];
  }
  return best;
}

if (process.argv[2] === undefined) {
  const fmt = (c: Counts) => { const m = micro(c); return `P ${m.p.toFixed(3)} R ${m.r.toFixed(3)} F1 ${m.f1.toFixed(3)}`; };
  const current = countsPerArticle(TOPIC_DEFAULTS);
  console.log(`current TOPIC_DEFAULTS on all ${items.length}: ${fmt(sum(current, () => true))}`);
  const candidates = configs().map((settings) => ({ settings, counts: countsPerArticle(settings) }));
  const heldOut: Counts[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const chosen = calibrate(choose(candidates, (i) => fold[i] !== f), (i) => fold[i] !== f);
    const test = sum(chosen.counts, (i) => fold[i] === f);
    heldOut.push(test);
    const picked = describe(chosen.settings);
    console.log(`fold ${f}: ${picked} | held out ${fmt(test)}`);
  }
  const pooled = heldOut.reduce((a, b) => ({ tp: a.tp + b.tp, predicted: a.predicted + b.predicted, support: a.support + b.support }));
  const mean = (pick: (m: ReturnType<typeof micro>) => number) => (heldOut.map((c) => pick(micro(c))).reduce((a, b) => a + b) / FOLDS).toFixed(3);
  console.log(`CV (${FOLDS} folds, ${candidates.length} settings): pooled held-out ${fmt(pooled)}; fold mean P ${mean((m) => m.p)} R ${mean((m) => m.r)} F1 ${mean((m) => m.f1)}`);
  const all = calibrate(choose(candidates, () => true), () => true);
  console.log(`chosen on all ${items.length}: ${describe(all.settings)} | ${fmt(sum(all.counts, () => true))}`);
}
