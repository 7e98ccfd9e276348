// What a load of some corpus folders would read, without reading it: every article file's path, size,
// modification time and inode, the entries the walk skips, and the size limit. Its digest (the stamp) keys
// a corpus snapshot (src/index/snapshot/): a file edited, added, removed or renamed changes it. The per-file
// stamps themselves let a folder source parse only the files that changed since (src/sources/folder-files.ts).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { SkippedFile } from '../types.ts';
import { listArticleFiles } from './files.ts';

/** One article file as listed and stat'ed. */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface FilesListing {
  /** Sorted by path (the load's order); a file gone between the walk and its stat is left out. */
  files: FileStamp[];
  /** Entries the walk did not follow, and why. */
  skipped: SkippedFile[];
  /** The digest of all of it and the size limit: the same listing ⇔ the same stamp. */
  stamp: string;
}

/** `stat` calls between yields: 100k of them hold a thread ~0.5 s, so the serving thread gives the loop back. */
const STATS_PER_SLICE = 500;

/** Lists the article files under `dirs` and stats each (no file is read). */
export async function listFileStamps(dirs: string[], maxFileBytes: number): Promise<FilesListing> {
  const { files: paths, skipped } = await listArticleFiles(dirs);
  const files: FileStamp[] = [];
  const sha = createHash('sha256');
  sha.update(`${maxFileBytes}\n`);
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const info = statSync(path, { throwIfNoEntry: false });
    if (info) {
      files.push({ path, size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
      sha.update(`${path}\0${info.size}\0${info.mtimeMs}\0${info.ino}\n`);
    }
    if (i % STATS_PER_SLICE === STATS_PER_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  for (const entry of skipped) sha.update(`skipped\0${entry.path}\0${entry.reason}\n`);
  return { files, skipped, stamp: sha.digest('hex') };
}

export async function filesStamp(dirs: string[], maxFileBytes: number): Promise<string> {
  return (await listFileStamps(dirs, maxFileBytes)).stamp;
}

/** Two stamps of one file say the same: not touched since. */
export function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
