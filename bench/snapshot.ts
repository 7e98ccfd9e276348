// Corpus snapshot benchmark (docs/corpus.md, "Snapshot"): on real text assembled from ../shared/corpus
// (real-corpus.ts) at each size of BENCH_SIZES (default 10000,100000), in one process:
//   cold: CorpusHolder.open without a snapshot (load + index build, every body in the heap) — today's start;
//   first: open with a snapshot folder that is empty (cold + writing the snapshot + restoring from it);
//   warm: open again (stamp the folder, restore) — a start or CLI call on an unchanged corpus;
// the heap (JS heap + external, after full GCs) after each against the raw bytes; the snapshot's size; and
// `newsbot news --topic T --json` wall time with the warm snapshot (its own process, median of 3), beside
// `newsbot --help` (the start-up floor of any CLI call).
//
//   node --max-old-space-size=12000 bin/run-ts.js bench/snapshot.ts
//   BENCH_SIZES=10000 BENCH_DIR=/tmp/x (keeps the assembled corpora there for the next run)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listArticleFiles } from '../src/corpus/files.ts';
import { defaultTaxonomy } from '../src/corpus/load.ts';
import { CorpusHolder } from '../src/index/corpus-holder.ts';
import { SNAPSHOT_DIR } from '../src/index/snapshot/corpus-snapshot.ts';
import { FolderSource } from '../src/sources/folder-source.ts';
import { heapUsed, loadAverage, mb, median, ms, timed, times } from './measure.ts';
import { assembleRealCorpus } from './real-corpus.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const ROOT = resolve(import.meta.dirname, '..');
const CLI_RUNS = 3;

async function corpusFor(size: number): Promise<{ dir: string; rawBytes: number; cleanup: () => void }> {
  const keep = process.env.BENCH_DIR;
  const dir = keep ? join(keep, `real-${size}`) : mkdtempSync(join(tmpdir(), `bench-snapshot-${size}-`));
  if (!existsSync(join(dir, '000'))) {
    const assembled = await assembleRealCorpus(dir, size);
    if (!assembled) throw new Error('../shared/corpus is absent: the snapshot bench needs real text');
  }
  let rawBytes = 0;
  for (const path of (await listArticleFiles([dir])).files) rawBytes += statSync(path).size;
  return { dir, rawBytes, cleanup: () => (keep ? undefined : rmSync(dir, { recursive: true, force: true })) };
}

function cliMs(args: string[], env: NodeJS.ProcessEnv): number {
  const runs = Array.from({ length: CLI_RUNS }, () => {
    const start = performance.now();
    execFileSync(process.execPath, [join(ROOT, 'bin', 'newsbot.js'), ...args], { env: { ...process.env, CORPUS_DIRS: '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    return performance.now() - start;
  });
  return median(runs);
}

/** heapUsed once freed buffers are really gone: their memory is released by callbacks after the collection. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    heapUsed();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return heapUsed();
}

async function bench(size: number): Promise<void> {
  const { dir, rawBytes, cleanup } = await corpusFor(size);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-snapshot-data-'));
  const snapshot = { dir: join(dataDir, SNAPSHOT_DIR), log: (line: string) => console.log(`  (${line})`) };
  const taxonomy = await defaultTaxonomy();
  const sources = () => [new FolderSource(dir, { taxonomy })];
  console.log(`\n--- real text, ${size.toLocaleString('en')} files, ${mb(rawBytes)} raw; load average ${loadAverage()}`);

  // Each open's holder is dropped before the next heap figure: only one corpus is alive at a time.
  const base = await settledHeap();
  let start = performance.now();
  let holder: CorpusHolder | undefined = await CorpusHolder.open(sources(), { taxonomy });
  const coldMs = performance.now() - start;
  const coldHeap = (await settledHeap()) - base;
  const articles = holder.current.articles.length;
  const topic = holder.current.topics()[0]!.name;
  holder = undefined;

  start = performance.now();
  holder = await CorpusHolder.open(sources(), { taxonomy, snapshot });
  const firstMs = performance.now() - start;
  holder = undefined;
  const before = await settledHeap();
  start = performance.now();
  holder = await CorpusHolder.open(sources(), { taxonomy, snapshot });
  const warmMs = performance.now() - start;
  const warmHeap = (await settledHeap()) - before;
  // A query or two reads some bodies from the file: the heap stays the restored one.
  holder.current.search(topic, { limit: 10 }).forEach((article) => article.body.length);
  holder = undefined;
  const stamp = await timed(() => sources()[0]!.stamp());
  const file = statSync(join(snapshot.dir, readdirSync(snapshot.dir)[0]!)).size;

  const cliEnv = { DATA_DIR: dataDir };
  const news = cliMs(['news', '--topic', topic, '--json', '--corpus', dir], cliEnv);
  const help = cliMs(['--help'], cliEnv);

  console.log(`articles ${articles.toLocaleString('en')}; snapshot file ${mb(file)} (${times(file / rawBytes)} raw)`);
  console.log(`open, cold (load + build, no snapshot)      ${ms(coldMs)}   heap ${mb(coldHeap)} = ${times(coldHeap / rawBytes)} raw`);
  console.log(`open, first (cold + write + restore)        ${ms(firstMs)}`);
  console.log(`open, warm (stamp + restore)                ${ms(warmMs)}   heap ${mb(warmHeap)} = ${times(warmHeap / rawBytes)} raw   cold/warm ${times(coldMs / warmMs)}`);
  console.log(`  of which the folder stamp (list + stat)   ${ms(stamp.ms)}`);
  console.log(`CLI news --topic "${topic}" --json, warm   ${ms(news)} wall (median of ${CLI_RUNS})   CLI --help ${ms(help)}   load average ${loadAverage()}`);
  rmSync(dataDir, { recursive: true, force: true });
  cleanup();
}

for (const size of SIZES) await bench(size);
