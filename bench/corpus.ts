// Corpus benchmark: at 10k and 100k generated articles (BENCH_SIZES=10000 to shrink), in one process:
//   load time and articles/s beside bare readFile and a naive loop (readFile + gray-matter per file);
//   heap after load + index beside the raw bytes;
//   topic lookup and search p50/p99 beside a linear scan.
// Targets: topic and search p99 ≤ 1 ms at 100k; load ≥ 2× the naive loop; heap ≤ 3× raw bytes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import matter from 'gray-matter';
import type { Article } from '../src/types.ts';
import { listArticleFiles } from '../src/corpus/files.ts';
import { defaultTaxonomy, loadCorpus } from '../src/corpus/load.ts';
import { CorpusIndex } from '../src/index/corpus-index.ts';
import { compareHot } from '../src/index/ranking.ts';
import { fold, foldKey, foldedTerms } from '../src/text/fold.ts';
import { generateCorpus, random } from './generate-corpus.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** JS heap plus memory outside it that objects own (the index's typed arrays live there). */
function heapUsed(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

function timeEach<T>(items: readonly T[], work: (item: T) => unknown): number[] {
  return items.map((item) => {
    const start = performance.now();
    work(item);
    return performance.now() - start;
  });
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** What a topic lookup costs without an index: scan, compare folded names, sort hottest first. */
function linearTopic(articles: readonly Article[], topic: string): Article[] {
  const key = foldKey(topic);
  return articles.filter((article) => article.topics.some((name) => foldKey(name) === key)).sort(compareHot).slice(0, 10);
}

/** What a search costs without an index: fold every article and check it contains every query word. */
function linearSearch(articles: readonly Article[], query: string): Article[] {
  const terms = foldedTerms(query);
  return articles.filter((article) => {
    const text = fold(`${article.title} ${article.excerpt} ${article.body}`);
    return terms.every((term) => text.includes(term));
  }).slice(0, 10);
}

async function benchSize(count: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), `newsbot-bench-${count}-`));
  try {
    const rawBytes = await generateCorpus(dir, count);
    const paths = (await Promise.all([listArticleFiles(dir)])).flat();
    console.log(`\n--- ${count} articles, ${mb(rawBytes)} raw (${paths.length} files)`);

    // Warm the page cache and the code paths once, so every contender reads from memory.
    for (const path of paths) await readFile(path);
    const taxonomy = await defaultTaxonomy();
    await loadCorpus([join(dir, '000')], { taxonomy });

    const before = heapUsed();
    const load = await timed(() => loadCorpus([dir], { taxonomy }));
    const build = await timed(async () => CorpusIndex.build(load.value.articles, taxonomy));
    const heap = heapUsed() - before;
    const index = build.value;
    // The baselines run after the heap figure, so their garbage cannot blur it.
    const bare = await timed(async () => {
      for (const path of paths) await readFile(path, 'utf8');
    });
    const naive = await timed(async () => {
      for (const path of paths) matter(await readFile(path, 'utf8'));
    });
    // gray-matter's cache holds every file's text: empty it so it does not weigh on the searches below.
    const cache = (matter as unknown as { cache: Record<string, unknown> }).cache;
    for (const key of Object.keys(cache)) delete cache[key];

    const rate = (elapsed: number): string => `${Math.round(count / (elapsed / 1000)).toLocaleString('en')} articles/s`;
    console.log(`load (parse + normalize):   ${ms(load.ms)}  ${rate(load.ms)}   skipped ${load.value.skipped.length}`);
    console.log(`naive readFile+gray-matter: ${ms(naive.ms)}  ${rate(naive.ms)}   → load is ${(naive.ms / load.ms).toFixed(2)}× faster (target ≥ 2×)`);
    console.log(`bare readFile:              ${ms(bare.ms)}  ${rate(bare.ms)}`);
    console.log(`index build:                ${ms(build.ms)}`);
    console.log(`heap+external after load+index: ${mb(heap)} = ${(heap / rawBytes).toFixed(2)}× raw bytes (target ≤ 3×)`);

    const rand = random(7);
    const topicNames = index.topics().map((topic) => topic.name);
    const topicQueries = Array.from({ length: 2000 }, (_, i) => {
      const name = topicNames[Math.floor(rand() * topicNames.length)]!;
      return i % 2 ? name.toLowerCase() : name;
    });
    const topicTimes = percentiles(timeEach(topicQueries, (topic) => index.byTopic(topic, { limit: 10 })));
    const linearTopicTimes = percentiles(timeEach(topicQueries.slice(0, 20), (topic) => linearTopic(index.articles, topic)));
    console.log(`topic lookup:  p50 ${ms(topicTimes.p50)}  p99 ${ms(topicTimes.p99)}   linear scan p50 ${ms(linearTopicTimes.p50)}  p99 ${ms(linearTopicTimes.p99)}`);

    // Queries: words and phrases from generated titles (accents stripped half the time), and prefixes.
    const titles = index.articles.map((article) => article.title);
    const searchQueries = Array.from({ length: 1000 }, (_, i) => {
      const words = titles[Math.floor(rand() * titles.length)]!.split(' ');
      const start = Math.floor(rand() * Math.max(1, words.length - 3));
      const phrase = words.slice(start, start + 1 + (i % 3)).join(' ');
      const query = i % 2 ? fold(phrase) : phrase;
      return i % 5 === 0 ? query.slice(0, Math.max(3, query.length - 2)) : query;
    });
    const searchTimes = percentiles(timeEach(searchQueries, (query) => index.search(query, { limit: 10 })));
    const linearSearchTimes = percentiles(timeEach(searchQueries.slice(0, 5), (query) => linearSearch(index.articles, query)));
    console.log(`search:        p50 ${ms(searchTimes.p50)}  p99 ${ms(searchTimes.p99)}   linear scan p50 ${ms(linearSearchTimes.p50)}  p99 ${ms(linearSearchTimes.p99)}`);
    console.log(`targets at 100k: topic p99 ≤ 1 ms, search p99 ≤ 1 ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
  for (const size of sizes) await benchSize(size);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) await run();
