// Where a corpus folder named by an operator is. Its own module so the CLI can use it before it loads any source.
import { resolve } from 'node:path';

/**
 * The one rule for corpus folder paths, for CORPUS_DIRS, `--corpus` and `/admin reseed path:` alike: relative
 * to the working directory of the process (the repository root for `npm start`), so `../shared/corpus/en`
 * means the same folder everywhere.
 */
export function corpusFolderPath(path: string, cwd: string = process.cwd()): string {
  return resolve(cwd, path.trim());
}
