// A full build off the serving thread: a worker thread loads the folders reloaded whole, takes the others from
// the snapshot the holder serves with the changes the holder applied since (a merge: only those), builds the
// next index, diffs it against the serving one when asked and writes the next snapshot; the holder then
// restores that snapshot and swaps. The worker runs the same TypeScript through tsx (registered in the
// worker: loader hooks are per thread).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Taxonomy, type TopicDefinition } from '../../corpus/taxonomy.ts';
import type { Article } from '../../types.ts';
import type { SourceLoad } from '../../sources/source.ts';
import { FolderSource } from '../../sources/folder-source.ts';
import { articleHash, composeIndex, hashesOf, withPending, type PendingChanges } from '../compose.ts';
import { unpackFiles } from '../../sources/folder-files.ts';
import { diffArticles, diffHashes, type CorpusDiff } from '../diff.ts';
import { runAtOnce } from './slices.ts';
import { readSnapshot, snapshotKey, snapshotPath, writeSnapshot, type Restored, type SnapshotSource, type SourceState } from './corpus-snapshot.ts';

/**
 * One source of the next corpus, in order: a folder (loaded again, or as the serving snapshot has it with
 * `since` applied: the changes the holder made since, and the source's state after them), or given articles.
 */
export type RebuildSource =
  | { id: string; folder: { dir: string; maxFileBytes: number }; reload: boolean; stamp: string; since?: FolderSince }
  | { id: string; given: SnapshotSource };

/**
 * A folder's changes since the serving snapshot, and its state after them: its files (packed: folder-files.ts)
 * and its articles' hashes (the saved ones with `pending` applied, made again in the worker).
 */
export interface FolderSince {
  pending: PendingChanges;
  fingerprint: string;
  skipped: SourceLoad['skipped'];
  warnings: SourceLoad['warnings'];
  files: string | null;
}

export interface RebuildJob {
  /** The snapshot folder. */
  dir: string;
  topics: readonly TopicDefinition[] | null;
  /** The key of the snapshot the holder serves: unchanged folders are read from it. */
  servingKey: string;
  sources: RebuildSource[];
  /** Diff against the serving corpus (a reload; a merge changes no article). */
  diff: boolean;
}

export interface RebuildResult {
  /** The key of the snapshot written. */
  key: string;
  /** Against the serving corpus, when asked; absent when the serving snapshot was replaced meanwhile (the holder diffs). */
  diff?: CorpusDiff;
  sources: { id: string; stamp: string; fingerprint: string }[];
  /** The serving snapshot was there to take unchanged sources from (else every folder was loaded again). */
  fromServing: boolean;
}

/** Builds and writes the next snapshot (on the calling thread: the worker calls this). */
export async function rebuildSnapshot(job: RebuildJob): Promise<RebuildResult> {
  const taxonomy = job.topics ? new Taxonomy([...job.topics]) : undefined;
  const path = snapshotPath(job.dir, job.sources.map((source) => source.id));
  // Another process with the same sources may have replaced it since: then every folder is loaded again.
  // Lazily: unchanged sources are read from their own sections, and the diff needs the serving index's articles
  // only when an id is in two sources; making them all (~170 MB at 100k) raised a rebuild's peak by ~0.3× steady.
  const serving = readSnapshot(path, job.servingKey, taxonomy, { log: () => undefined, lazyText: true, lazyArticles: true });
  const loaded: SnapshotSource[] = await Promise.all(
    job.sources.map(async (source): Promise<SnapshotSource> => {
      if ('given' in source) return source.given;
      const saved = serving && !source.reload ? serving.sources.get(source.id) : undefined;
      if (saved && source.since) {
        const { pending, fingerprint, skipped, warnings, files } = source.since;
        const hashes = new Map(runAtOnce(saved.state()).hashes);
        for (const id of pending.removed) hashes.delete(id);
        for (const article of pending.added.values()) hashes.set(article.id, articleHash(article));
        const state: SourceState = { hashes, ...(files !== null && { files: unpackFiles(files) }) };
        return { id: source.id, stamp: source.stamp, fingerprint, load: { articles: withPending(saved.load.articles, pending), skipped, warnings }, state };
      }
      if (saved) return { id: source.id, stamp: source.stamp, fingerprint: saved.fingerprint, load: saved.load, state: runAtOnce(saved.state()) };
      const folder = new FolderSource(source.folder.dir, { taxonomy, maxFileBytes: source.folder.maxFileBytes });
      const { stamp, files, ...load } = await folder.loadStamped();
      const { hashes, fingerprint } = hashesOf(load.articles);
      return { id: source.id, stamp, fingerprint, load, state: { files, hashes } };
    }),
  );
  const index = composeIndex(loaded.map((source) => source.load.articles), taxonomy);
  const diff = job.diff && serving ? diffServing(serving, loaded, index.articles) : undefined;
  const key = snapshotKey(taxonomy, loaded);
  writeSnapshot(path, key, index, loaded);
  return { key, fromServing: serving !== undefined, ...(diff && { diff }), sources: loaded.map(({ id, stamp, fingerprint }) => ({ id, stamp, fingerprint })) };
}

/**
 * The next corpus against the serving one. By the sources' hashes when no article is in two sources (then
 * each is its source's version, as hashed); else by the articles, composed.
 */
function diffServing(serving: Restored, loaded: readonly SnapshotSource[], articles: readonly Article[]): CorpusDiff {
  const before = allHashes([...serving.sources.values()].map((source) => runAtOnce(source.state()).hashes));
  const after = allHashes(loaded.map((source) => source.state.hashes));
  return before && after ? diffHashes(before, after) : diffArticles(serving.index.articles, articles);
}

/** The sources' hashes in one map; undefined when an id is in two of them. */
function allHashes(sources: readonly ReadonlyMap<string, string>[]): ReadonlyMap<string, string> | undefined {
  if (sources.length === 1) return sources[0];
  const all = new Map<string, string>();
  for (const hashes of sources) {
    for (const [id, hash] of hashes) {
      if (all.has(id)) return undefined;
      all.set(id, hash);
    }
  }
  return all;
}

/** Loads tsx in the worker, then the worker module. */
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

/** rebuildSnapshot on a worker thread; rejects with the worker's error (its message kept). */
export function rebuildInWorker(job: RebuildJob): Promise<RebuildResult> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = pathToFileURL(new URL('./rebuild-worker.ts', import.meta.url).pathname).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: { tsx, entry, job } });
    let settled = false;
    worker.once('message', (message: { value: RebuildResult } | { error: { name: string; message: string } }) => {
      settled = true;
      if ('value' in message) resolve(message.value);
      else reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the corpus rebuild thread stopped (exit ${code}) before finishing`));
    });
  });
}
