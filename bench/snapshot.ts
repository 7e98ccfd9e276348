// Corpus snapshot benchmark (docs/corpus.md, "Snapshot"): on real text assembled from ../shared/corpus
// (real-corpus.ts) at each size of BENCH_SIZES (default 10000,100000), in one process:
//   cold: CorpusHolder.open without a snapshot (load + index build, every body in the heap) — today's start;
//   first: open with a snapshot folder that is empty (cold + writing the snapshot + restoring from it);
//   warm: open again (stamp the folder, restore) — a start or CLI call on an unchanged corpus;
// the heap (JS heap + external, after full GCs) after each against the raw bytes; the snapshot's size; then,
// each in its own process, the wall time of `newsbot news --topic T --json`, `newsbot search Q --json` and
// `newsbot show ID --json` on the unchanged corpus (median of 3) and the time to ready of the bot's start path
// (start-ready.ts: `newsbot start`'s modules loaded and the corpus opened, without Discord), each beside the
// same with no snapshot (DATA_DIR not writable: every file loaded and indexed; one run), and `newsbot --help`
// (the start-up floor of any CLI call).
//
//   node --max-old-space-size=12000 bin/run-ts.js bench/snapshot.ts      (or: npm run bench -- snapshot)
//   BENCH_SIZES=10000 BENCH_DIR=/tmp/x (keeps the assembled corpora there for the next run)
//   BENCH_CORPUS=DIR uses that folder instead (one size: its files)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listArticleFiles } from '../src/corpus/files.ts';
import { defaultTaxonomy } from '../src/corpus/load.ts';
import { CorpusHolder } from '../src/index/corpus-holder.ts';
import { SNAPSHOT_DIR } from '../src/index/snapshot/corpus-snapshot.ts';
import { FolderSource } from '../src/sources/folder-source.ts';
import { loadAverage, mb, median, ms, settledHeapUsed, timed, times } from './measure.ts';
import { assembleRealCorpus } from './real-corpus.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const ROOT = resolve(import.meta.dirname, '..');
const CLI_RUNS = 3;
/** Runs of each no-snapshot baseline: at 100k each loads and indexes every file (about a minute). */
const BASELINE_RUNS = 1;
const SEARCH_QUERY = 'thị trường chứng khoán';

async function corpusFor(size: number): Promise<{ dir: string; rawBytes: number; cleanup: () => void }> {
  const given = process.env.BENCH_CORPUS;
  if (given) return { dir: given, rawBytes: await rawBytesOf(given), cleanup: () => undefined };
  const keep = process.env.BENCH_DIR;
  const dir = keep ? join(keep, `real-${size}`) : mkdtempSync(join(tmpdir(), `bench-snapshot-${size}-`));
  if (!existsSync(join(dir, '000'))) {
    const assembled = await assembleRealCorpus(dir, size);
    if (!assembled) throw new Error('../shared/corpus is absent: the snapshot bench needs real text');
  }
  return { dir, rawBytes: await rawBytesOf(dir), cleanup: () => (keep ? undefined : rmSync(dir, { recursive: true, force: true })) };
}

async function rawBytesOf(dir: string): Promise<number> {
  let rawBytes = 0;
  for (const path of (await listArticleFiles([dir])).files) rawBytes += statSync(path).size;
  return rawBytes;
}

/** Median wall time of `runs` runs of a whole process (stderr kept for a failure: the no-snapshot runs say why there). */
function processMs(args: string[], env: NodeJS.ProcessEnv, runs = CLI_RUNS): number {
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      try {
        execFileSync(process.execPath, args, { env: { ...process.env, CORPUS_DIRS: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
      } catch (error) {
        throw new Error(`${args.join(' ')} failed:\n${String((error as { stderr?: Buffer }).stderr ?? error)}`);
      }
      return performance.now() - start;
    }),
  );
}

const cli = (args: string[], env: NodeJS.ProcessEnv, runs?: number): number => processMs([join(ROOT, 'bin', 'newsbot.js'), ...args], env, runs);

/** Milliseconds from launching the process until the bot's start path has its corpus open (start-ready.ts). */
function readyMs(dir: string, env: NodeJS.ProcessEnv, runs = CLI_RUNS): number {
  return median(
    Array.from({ length: runs }, () => {
      const launched = { BENCH_LAUNCHED_AT: String(Date.now()) };
      const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join(ROOT, 'bench', 'start-ready.ts'), dir], { env: { ...process.env, ...env, ...launched }, stdio: ['ignore', 'pipe', 'ignore'] });
      return (JSON.parse(out.toString()) as { readyMs: number }).readyMs;
    }),
  );
}

async function bench(size: number): Promise<void> {
  const { dir, rawBytes, cleanup } = await corpusFor(size);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-snapshot-data-'));
  const snapshot = { dir: join(dataDir, SNAPSHOT_DIR), log: (line: string) => console.log(`  (${line})`) };
  const taxonomy = await defaultTaxonomy();
  const sources = () => [new FolderSource(dir, { taxonomy })];
  console.log(`\n--- real text, ${size ? `${size.toLocaleString('en')} files` : dir}, ${mb(rawBytes)} raw; load average ${loadAverage()}`);

  // Each open's holder is dropped before the next heap figure: only one corpus is alive at a time.
  const base = await settledHeapUsed();
  let start = performance.now();
  let holder: CorpusHolder | undefined = await CorpusHolder.open(sources(), { taxonomy });
  const coldMs = performance.now() - start;
  const coldHeap = (await settledHeapUsed()) - base;
  const articles = holder.current.size;
  const topic = holder.current.topics()[0]!.name;
  const shown = holder.current.byTopic(topic, { limit: 1 })[0]!.id;
  holder = undefined;

  start = performance.now();
  holder = await CorpusHolder.open(sources(), { taxonomy, snapshot });
  const firstMs = performance.now() - start;
  // An open readies its index for changes in the background, which holds the index until it is done: the
  // first open's must be over before the base is read (it was not until 2 December: the warm heap read < 0),
  // and the warm open's, as in a running bot, before its heap is.
  await holder.prepared();
  holder = undefined;
  const before = await settledHeapUsed();
  start = performance.now();
  holder = await CorpusHolder.open(sources(), { taxonomy, snapshot });
  const warmMs = performance.now() - start;
  await holder.prepared();
  const warmHeap = (await settledHeapUsed()) - before;
  // A query or two reads some bodies from the file: the heap stays the restored one.
  holder.current.search(topic, { limit: 10 }).forEach((article) => article.body.length);
  holder = undefined;
  const stamp = await timed(() => sources()[0]!.stamp());
  const file = statSync(join(snapshot.dir, readdirSync(snapshot.dir)[0]!)).size;

  const cliEnv = { DATA_DIR: dataDir };
  // A DATA_DIR under a file: no snapshot can be read or written, so each call loads and indexes every file.
  const blocked = join(dataDir, 'not-a-folder');
  writeFileSync(blocked, '');
  const noSnapshot = { DATA_DIR: join(blocked, 'data') };
  const commands: [name: string, args: string[]][] = [
    [`news --topic "${topic}"`, ['news', '--topic', topic, '--json', '--corpus', dir]],
    [`search "${SEARCH_QUERY}"`, ['search', SEARCH_QUERY, '--json', '--corpus', dir]],
    [`show ${shown}`, ['show', shown, '--json', '--corpus', dir]],
  ];
  const warmLoad = loadAverage();
  const calls = commands.map(([name, args]) => ({ name, warm: cli(args, cliEnv) }));
  const ready = readyMs(dir, cliEnv);
  const help = cli(['--help'], cliEnv);
  const afterLoad = loadAverage();
  const baselines = commands.map(([, args]) => cli(args, noSnapshot, BASELINE_RUNS));
  const readyCold = readyMs(dir, noSnapshot, BASELINE_RUNS);

  console.log(`articles ${articles.toLocaleString('en')}; snapshot file ${mb(file)} (${times(file / rawBytes)} raw)`);
  console.log(`open, cold (load + build, no snapshot)      ${ms(coldMs)}   heap ${mb(coldHeap)} = ${times(coldHeap / rawBytes)} raw`);
  console.log(`open, first (cold + write + restore)        ${ms(firstMs)}`);
  console.log(`open, warm (stamp + restore)                ${ms(warmMs)}   heap ${mb(warmHeap)} = ${times(warmHeap / rawBytes)} raw   cold/warm ${times(coldMs / warmMs)}`);
  console.log(`  of which the folder stamp (list + stat)   ${ms(stamp.ms)}`);
  console.log(`whole processes on the unchanged corpus (median of ${CLI_RUNS}; load average ${warmLoad} before, ${afterLoad} after), beside no snapshot (${BASELINE_RUNS} run):`);
  calls.forEach((call, i) => console.log(`  newsbot ${`${call.name} --json`.padEnd(44)} ${ms(call.warm)}   no snapshot ${ms(baselines[i]!)}   ${times(baselines[i]! / call.warm)}`));
  console.log(`  ${'bot start path ready (start-ready.ts)'.padEnd(52)} ${ms(ready)}   no snapshot ${ms(readyCold)}   ${times(readyCold / ready)}`);
  console.log(`  ${'newsbot --help (start-up floor)'.padEnd(52)} ${ms(help)}   load average ${loadAverage()}`);
  rmSync(dataDir, { recursive: true, force: true });
  cleanup();
}

export async function run(): Promise<void> {
  for (const size of process.env.BENCH_CORPUS ? [0] : SIZES) await bench(size);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await run();
