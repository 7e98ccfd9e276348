// `npm run eval`: summary quality against the leads Vietnamese newsrooms wrote.
// Each file of ../shared/corpus/vi has its title on line 1 and its lead on line 2: the lead is removed, the
// title + rest are summarized, and ROUGE F1 against the lead is averaged beside Lead-3 and random-3 baselines.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/text/segment.ts';
import { summarizeArticle } from '../src/summary/article.ts';
import { rouge, type RougeScores } from './rouge.ts';
import { random as seededRandom } from './random.ts';

const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'vi');
/** Sentences per summary in the eval: the product default, the same count as the Lead-3 baseline. */
const EVAL_SENTENCES = 3;
const RANDOM_SEED = 42;

interface EvalItem {
  article: Article;
  /** The newsroom's lead: the body's first paragraph (line 2 of the file), removed from the article. */
  lead: string;
}

/** Corpus articles through the one loader, each split into its lead and the article without it. */
async function readItems(dir: string): Promise<EvalItem[]> {
  const { articles } = await loadCorpus([dir]);
  const items: EvalItem[] = [];
  for (const article of articles) {
    const [lead = '', ...rest] = article.body.split('\n').filter((line) => line.trim());
    if (lead && rest.length > 0) items.push({ lead, article: { ...article, excerpt: '', body: rest.join('\n') } });
  }
  return items.sort((a, b) => a.article.source.localeCompare(b.article.source));
}

function randomPick(sentences: string[], count: number, random: () => number): string[] {
  const indices = sentences.map((_, i) => i);
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices.slice(0, count).sort((a, b) => a - b).map((i) => sentences[i]!);
}

interface Row {
  system: string;
  scores: RougeScores;
  chars: number;
}

function average(name: string, results: { scores: RougeScores; chars: number }[]): Row {
  const sum = (pick: (r: { scores: RougeScores; chars: number }) => number) =>
    results.reduce((total, r) => total + pick(r), 0) / Math.max(1, results.length);
  return {
    system: name,
    scores: { rouge1: sum((r) => r.scores.rouge1), rouge2: sum((r) => r.scores.rouge2), rougeL: sum((r) => r.scores.rougeL) },
    chars: sum((r) => r.chars),
  };
}

export function formatTable(rows: Row[]): string {
  const pct = (x: number) => (100 * x).toFixed(2).padStart(7);
  const width = Math.max(...rows.map((r) => r.system.length));
  return [
    `${'system'.padEnd(width)}  ROUGE-1  ROUGE-2  ROUGE-L  avg chars`,
    ...rows.map((r) => `${r.system.padEnd(width)}  ${pct(r.scores.rouge1)}  ${pct(r.scores.rouge2)}  ${pct(r.scores.rougeL)}  ${r.chars.toFixed(0).padStart(9)}`),
  ].join('\n');
}

export async function run(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log(`eval-summaries: skipped, ${CORPUS} is not present`);
    return;
  }
  const items = await readItems(CORPUS);
  const random = seededRandom(RANDOM_SEED);
  const systems: Record<string, { scores: RougeScores; chars: number }[]> = { extractive: [], 'lead-3': [], 'random-3': [] };
  const score = (system: string, summary: string, lead: string) =>
    systems[system]!.push({ scores: rouge(summary, lead), chars: summary.length });
  for (const { article, lead } of items) {
    const sentences = splitSentences(article.body, { language: article.language });
    score('extractive', summarizeArticle(article, { sentences: EVAL_SENTENCES }).summary, lead);
    score('lead-3', sentences.slice(0, 3).join(' '), lead);
    score('random-3', randomPick(sentences, 3, random).join(' '), lead);
  }
  console.log(`Summaries vs newsroom leads: ${items.length} articles of ${CORPUS}, F1 %, ${EVAL_SENTENCES} sentences each`);
  console.log(formatTable(Object.entries(systems).map(([name, results]) => average(name, results))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
