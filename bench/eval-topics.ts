// `npm run eval`, topics section: the bot's topic tags on Vietnamese plain text against labels a reader gave
// blind (eval/topics/{dev,test,test2}.jsonl, selected by eval/topics/select.ts, labelled per eval/topics/GUIDE.md).
// The whole ../shared/corpus/vi directory goes through the real loader, as the bot would load it, so the tags
// scored are the ones the bot would post. Tune on dev and test1 (test1 was scored once, then became tuning data);
// test2 is held out, for reporting only (eval/README.md).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCorpus } from '../src/corpus/load.ts';
import { parseJsonLines } from './eval/json-lines.ts';
import { CORPUS_ROOT, SELECTION, selectFromCorpus, SPLITS, type Split } from '../eval/topics/select.ts';

export const LABELS_DIR = resolve(import.meta.dirname, '..', 'eval', 'topics');
export { SPLITS };

/** How each split may be used, printed with its figures so nobody mistakes a tuning figure for a held-out one. */
export const SPLIT_ROLES: Record<Split, string> = {
  dev: 'dev — tune on this',
  test: 'test1 — seen once, tuning data from now on',
  test2: 'test2 — held out: report only',
};

/** One line of a label file: an article (path relative to ../shared/corpus) and the topics it is about. */
export interface LabelledArticle {
  file: string;
  topics: string[];
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface TopicRow extends PrecisionRecall {
  topic: string;
  /** Articles labelled with the topic. */
  support: number;
  /** Articles the bot tagged with it. */
  predicted: number;
  truePositives: number;
}

export interface TopicMetrics {
  articles: number;
  /** Over every (article, topic) decision: one big confusion count. */
  micro: PrecisionRecall;
  /** Mean of the per-topic figures over the topics that occur in the labels or the tags (each topic weighs 1). */
  macro: PrecisionRecall;
  perTopic: TopicRow[];
  /** Articles the bot gave no topic. */
  untagged: number;
  /** Articles the labels give no topic. */
  unlabelled: number;
  /** Articles whose tags equal their labels exactly. */
  exact: number;
}

export class LabelFileError extends Error {}

/** A label file, validated line by line: a bad line names the file and the line. */
export function readLabels(path: string): LabelledArticle[] {
  return parseJsonLines(readFileSync(path, 'utf8'), path, checkLabel, (message) => new LabelFileError(message));
}

function checkLabel(value: unknown): LabelledArticle {
  const row = value as Partial<LabelledArticle>;
  if (typeof row.file !== 'string' || !Array.isArray(row.topics) || !row.topics.every((t) => typeof t === 'string')) {
    throw new Error('expected {"file":"vi/NAME","topics":["Topic", …]}');
  }
  return { file: row.file, topics: row.topics };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const harmonic = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Scores tag sets against label sets, article by article (same order). Pure: the arithmetic under test. */
export function scoreTopics(items: readonly { labels: readonly string[]; tags: readonly string[] }[]): TopicMetrics {
  const counts = new Map<string, { tp: number; support: number; predicted: number }>();
  const count = (topic: string) => {
    let entry = counts.get(topic);
    if (!entry) counts.set(topic, (entry = { tp: 0, support: 0, predicted: 0 }));
    return entry;
  };
  let untagged = 0;
  let unlabelled = 0;
  let exact = 0;
  for (const { labels, tags } of items) {
    const gold = new Set(labels);
    const given = new Set(tags);
    for (const topic of gold) count(topic).support += 1;
    for (const topic of given) {
      count(topic).predicted += 1;
      if (gold.has(topic)) count(topic).tp += 1;
    }
    if (given.size === 0) untagged += 1;
    if (gold.size === 0) unlabelled += 1;
    if (given.size === gold.size && [...given].every((topic) => gold.has(topic))) exact += 1;
  }
  const perTopic: TopicRow[] = [...counts]
    .map(([topic, { tp, support, predicted }]) => {
      const precision = ratio(tp, predicted);
      const recall = ratio(tp, support);
      return { topic, support, predicted, truePositives: tp, precision, recall, f1: harmonic(precision, recall) };
    })
    .sort((a, b) => b.support - a.support || a.topic.localeCompare(b.topic));
  const sum = (pick: (row: TopicRow) => number) => perTopic.reduce((total, row) => total + pick(row), 0);
  const microP = ratio(sum((r) => r.truePositives), sum((r) => r.predicted));
  const microR = ratio(sum((r) => r.truePositives), sum((r) => r.support));
  const mean = (pick: (row: TopicRow) => number) => ratio(sum(pick), perTopic.length);
  return {
    articles: items.length,
    micro: { precision: microP, recall: microR, f1: harmonic(microP, microR) },
    macro: { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) },
    perTopic,
    untagged,
    unlabelled,
    exact,
  };
}

export function formatTopicMetrics(title: string, metrics: TopicMetrics): string {
  const fixed = (x: number) => x.toFixed(3);
  const width = Math.max(5, ...metrics.perTopic.map((row) => row.topic.length));
  const line = (name: string, m: PrecisionRecall) => `${name.padEnd(width)}  ${fixed(m.precision)}  ${fixed(m.recall)}  ${fixed(m.f1)}`;
  return [
    `${title}: ${metrics.articles} articles, ${metrics.untagged} with no topic from the bot (${metrics.unlabelled} with none in the labels), ${metrics.exact} tagged exactly as labelled`,
    `${''.padEnd(width)}  P      R      F1`,
    line('micro', metrics.micro),
    line('macro', metrics.macro),
    '',
    `${'topic'.padEnd(width)}  P      R      F1     support  tagged`,
    ...metrics.perTopic.map(
      (row) => `${line(row.topic, row)}  ${String(row.support).padStart(7)}  ${String(row.predicted).padStart(6)}`,
    ),
  ].join('\n');
}

export interface SplitResult {
  split: Split;
  metrics: TopicMetrics;
  /** Labelled files the loader did not return under their own path (skipped, or merged into a duplicate). */
  missing: string[];
}

/** Labels vs the bot's tags for each split, or null when the corpus is not present. */
export async function evaluateTopics(root = CORPUS_ROOT, labelsDir = LABELS_DIR): Promise<SplitResult[] | null> {
  const dir = join(root, SELECTION.language);
  if (!existsSync(dir)) return null;
  const { articles } = await loadCorpus([dir]);
  const byFile = new Map(articles.map((article) => [relative(root, article.source).split('\\').join('/'), article]));
  return SPLITS.map((split) => {
    const labels = readLabels(join(labelsDir, `${split}.jsonl`));
    const missing = labels.filter((row) => !byFile.has(row.file)).map((row) => row.file);
    const items = labels.map((row) => ({ labels: row.topics, tags: byFile.get(row.file)?.topics ?? [] }));
    return { split, metrics: scoreTopics(items), missing };
  });
}

/** Files in a label file that the seeded selection does not pick (the corpus changed, or labels were hand-picked). */
export function offSelection(root = CORPUS_ROOT, labelsDir = LABELS_DIR): string[] {
  const selected = selectFromCorpus(root);
  return SPLITS.flatMap((split) => {
    const wanted = new Set(selected[split]);
    return readLabels(join(labelsDir, `${split}.jsonl`))
      .filter((row) => !wanted.has(row.file))
      .map((row) => `${split}: ${row.file}`);
  });
}

export async function run(): Promise<void> {
  const results = await evaluateTopics();
  if (!results) {
    console.log(`eval-topics: skipped, ${join(CORPUS_ROOT, SELECTION.language)} is not present`);
    return;
  }
  const strays = offSelection();
  if (strays.length > 0) console.log(`eval-topics: WARNING ${strays.length} labelled files are not in the seeded selection: ${strays.slice(0, 5).join(', ')}`);
  for (const { split, metrics, missing } of results) {
    if (missing.length > 0) console.log(`eval-topics: ${missing.length} ${split} files not loaded under their own path, scored as untagged: ${missing.join(', ')}`);
    console.log(formatTopicMetrics(`Topics, ${SPLIT_ROLES[split]}`, metrics));
    console.log('');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
