// A digest of what a load of some corpus folders would read, without reading it: every article file's path,
// size and modification time, the entries the walk skips, and the size limit. A corpus snapshot is valid
// while this is unchanged (src/index/snapshot/); a file edited, added, removed or renamed changes it.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { listArticleFiles } from './files.ts';

export async function filesStamp(dirs: string[], maxFileBytes: number): Promise<string> {
  const { files, skipped } = await listArticleFiles(dirs);
  const sha = createHash('sha256');
  sha.update(`${maxFileBytes}\n`);
  for (const path of files) {
    // A file gone since the walk stamps as missing: the next stamp differs once it is back.
    const info = statSync(path, { throwIfNoEntry: false });
    sha.update(`${path}\0${info ? `${info.size}\0${info.mtimeMs}\0${info.ino}` : 'missing'}\n`);
  }
  for (const entry of skipped) sha.update(`skipped\0${entry.path}\0${entry.reason}\n`);
  return sha.digest('hex');
}
