// A reload's heavy part off the serving thread: a worker thread loads the changed folders, builds the next
// index from them and the unchanged sources (restored from the snapshot the holder serves), diffs it against
// the serving one and writes the next snapshot; the holder then restores that snapshot and swaps. The worker
// runs the same TypeScript through tsx (registered in the worker: loader hooks are per thread).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Taxonomy, type TopicDefinition } from '../../corpus/taxonomy.ts';
import type { SourceLoad } from '../../sources/source.ts';
import { FolderSource } from '../../sources/folder-source.ts';
import { composeIndex, fingerprintOf } from '../compose.ts';
import { diffArticles, type CorpusDiff } from '../diff.ts';
import { readSnapshot, snapshotKey, snapshotPath, writeSnapshot, type SnapshotSource } from './corpus-snapshot.ts';

/** One source of the next corpus, in order: a folder (loaded again, or as the serving snapshot has it), or given articles. */
export type RebuildSource =
  | { id: string; folder: { dir: string; maxFileBytes: number }; reload: boolean; stamp: string }
  | { id: string; given: { stamp: string; fingerprint: string; load: SourceLoad } };

export interface RebuildJob {
  /** The snapshot folder. */
  dir: string;
  topics: readonly TopicDefinition[] | null;
  /** The key of the snapshot the holder serves: unchanged folders are read from it. */
  servingKey: string;
  sources: RebuildSource[];
}

export interface RebuildResult {
  /** The key of the snapshot written. */
  key: string;
  /** Against the serving corpus; absent when the serving snapshot was replaced meanwhile (the holder diffs). */
  diff?: CorpusDiff;
  sources: { id: string; stamp: string; fingerprint: string }[];
}

/** Builds and writes the next snapshot (on the calling thread: the worker calls this). */
export async function rebuildSnapshot(job: RebuildJob): Promise<RebuildResult> {
  const taxonomy = job.topics ? new Taxonomy([...job.topics]) : undefined;
  const path = snapshotPath(job.dir, job.sources.map((source) => source.id));
  // Another process with the same sources may have replaced it since: then every folder is loaded again.
  const serving = readSnapshot(path, job.servingKey, taxonomy, { log: () => undefined, lazyText: true });
  const loaded: SnapshotSource[] = await Promise.all(
    job.sources.map(async (source): Promise<SnapshotSource> => {
      if ('given' in source) return { id: source.id, ...source.given };
      if (serving && !source.reload) return { id: source.id, stamp: source.stamp, ...serving.sources.get(source.id)! };
      const folder = new FolderSource(source.folder.dir, { taxonomy, maxFileBytes: source.folder.maxFileBytes });
      const stamp = await folder.stamp();
      const load = await folder.load();
      return { id: source.id, stamp, fingerprint: fingerprintOf(load.articles), load };
    }),
  );
  const index = composeIndex(loaded.map((source) => source.load.articles), taxonomy);
  const diff = serving && diffArticles(serving.index.articles, index.articles);
  const key = snapshotKey(taxonomy, loaded);
  writeSnapshot(path, key, index, loaded);
  return { key, diff, sources: loaded.map(({ id, stamp, fingerprint }) => ({ id, stamp, fingerprint })) };
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
