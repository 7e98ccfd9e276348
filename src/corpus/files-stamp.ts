// What a load of some corpus folders would read, without reading it: every article file's path, size,
// modification time and inode, the entries the walk skips, and the size limit. Its digest (the stamp) keys
// a corpus snapshot (src/index/snapshot/): a file edited, added, removed or renamed changes it. The per-file
// stamps themselves let a folder source parse only the files that changed since (src/sources/folder-files.ts).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { SkippedFile } from '../types.ts';
import { slice } from '../index/snapshot/slices.ts';
import { listArticleFiles } from './files.ts';

/** One article file as listed and stat'ed. */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface FilesListing<T extends FileStamp = FileStamp> {
  /** Sorted by path (the load's order); a file gone between the walk and its stat is left out. */
  files: (T | FileStamp)[];
  /** Entries the walk did not follow, and why. */
  skipped: SkippedFile[];
  /** The digest of all of it and the size limit: the same listing ⇔ the same stamp. */
  stamp: string;
}

/**
 * Longest the `stat` calls hold the thread before yielding (100k of them take ~0.3–0.5 s: the serving thread
 * gives the loop back), checked every STATS_PER_CHECK files; a slice shared with other work (slices.ts).
 */
const STAT_SLICE_MS = 5;
const STATS_PER_CHECK = 32;

/**
 * Lists the article files under `dirs` and stats each (no file is read). With `previous` (a listing sorted by
 * path), a file whose stamp is unchanged is listed as its previous entry, the same object: an unchanged
 * 100k-file folder allocates no entry that outlives its `stat`, so its collections stay short.
 */
export async function listFileStamps<T extends FileStamp = FileStamp>(dirs: string[], maxFileBytes: number, previous: readonly T[] = []): Promise<FilesListing<T>> {
  const { files: paths, skipped } = await listArticleFiles(dirs);
  const files: (T | FileStamp)[] = [];
  const sha = createHash('sha256');
  sha.update(`${maxFileBytes}\n`);
  for (let i = 0, j = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const info = statSync(path, { throwIfNoEntry: false });
    if (info) {
      while (j < previous.length && previous[j]!.path < path) j++;
      const old = previous[j];
      files.push(old?.path === path && sameFile(old, info) ? old : { path, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
      sha.update(`${path}\0${info.size}\0${info.mtimeMs}\0${info.ino}\n`);
    }
    if (i % STATS_PER_CHECK === STATS_PER_CHECK - 1) await slice(STAT_SLICE_MS);
  }
  for (const entry of skipped) sha.update(`skipped\0${entry.path}\0${entry.reason}\n`);
  return { files, skipped, stamp: sha.digest('hex') };
}

export async function filesStamp(dirs: string[], maxFileBytes: number): Promise<string> {
  return (await listFileStamps(dirs, maxFileBytes)).stamp;
}

/** Two stamps of one file say the same: not touched since. */
export function sameFile(a: Omit<FileStamp, 'path'>, b: Omit<FileStamp, 'path'>): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
