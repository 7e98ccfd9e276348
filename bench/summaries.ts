// Speed of summaries: one article (p99 target ≤ 5 ms), a 50-article briefing (≤ 50 ms), a 1 MB body —
// beside Lead-3 (segmenting the first three sentences), the cheapest summary there is, in the same process.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import { loadCorpus } from '../src/corpus/load.ts';
import { splitSentences } from '../src/text/segment.ts';
import { summarizeArticle } from '../src/summary/article.ts';
import { briefTopic } from '../src/summary/briefing.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED_CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
const ROUNDS = 3;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * Milliseconds of `work` on each item, sorted: every call of `rounds` passes, or with `best` each item's
 * fastest call — its cost without the other processes that share this machine's cores.
 */
function time<T>(items: readonly T[], work: (item: T) => unknown, rounds = ROUNDS, best = false): number[] {
  const samples = items.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    items.forEach((item, i) => {
      const start = performance.now();
      work(item);
      samples[i]!.push(performance.now() - start);
    });
  }
  return (best ? samples.map((s) => Math.min(...s)) : samples.flat()).sort((a, b) => a - b);
}

function report(name: string, samples: readonly number[], baseline?: readonly number[]): void {
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const ratio = baseline ? `  (${(p50 / percentile(baseline, 50)).toFixed(1)}× lead-3 p50)` : '';
  console.log(`${name.padEnd(34)} n=${String(samples.length).padStart(5)}  p50 ${p50.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  max ${samples.at(-1)!.toFixed(3)} ms${ratio}`);
}

const lead3 = (article: Article) => splitSentences(article.body || article.excerpt, { language: article.language, limit: 3 }).join(' ');

export async function run(): Promise<void> {
  const dirs = existsSync(SHARED_CORPUS) ? ['en', 'vi'].map((d) => resolve(SHARED_CORPUS, d)) : [resolve(ROOT, 'seeds')];
  const { articles } = await loadCorpus(dirs);
  const withBody = articles.filter((a) => a.body.trim());
  console.log(`Summaries: ${articles.length} articles (${withBody.length} with a body) from ${dirs.join(', ')}`);
  for (const article of articles) summarizeArticle(article); // warm-up: JIT, segmenter instances

  const baseline = time(articles, lead3);
  report('lead-3 baseline, per article', baseline);
  report('summarizeArticle, per article', time(articles, (a) => summarizeArticle(a)), baseline);
  report('  same, best of 3 per article', time(articles, (a) => summarizeArticle(a), ROUNDS, true), time(articles, lead3, ROUNDS, true));
  report('summarizeArticle, bodies only', time(withBody, (a) => summarizeArticle(a)), time(withBody, lead3));

  const text = withBody.map((a) => a.body).join('\n') || 'A sentence. ';
  const huge = { ...articles[0]!, body: text.repeat(Math.ceil(1_000_000 / text.length)).slice(0, 1_000_000) };
  report('summarizeArticle, 1 MB body', time([huge], (a) => summarizeArticle(a), 20), time([huge], lead3, 20));

  const groups: Article[][] = [];
  for (let start = 0; start + 50 <= articles.length; start += 50) groups.push(articles.slice(start, start + 50));
  if (groups.length === 0) groups.push(articles);
  for (const group of groups) briefTopic('bench', group, { limit: 50 });
  report(`briefTopic, ${groups[0]!.length} articles`, time(groups, (g) => briefTopic('bench', g, { limit: 50 })));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
