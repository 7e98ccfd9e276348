// A folder of article files (Markdown with front matter, plain text) as a source: loaded file by file
// (folder-files.ts), so that a change reads only the files added or changed; watched with fs.watch so new,
// changed and removed files reach the corpus within seconds.
import { filesStamp } from '../corpus/files-stamp.ts';
import { DEFAULT_MAX_FILE_BYTES, type LoadOptions } from '../corpus/load.ts';
import type { ArticleSource, SourceChanges, SourceLoad, Unwatch } from './source.ts';
import { folderChanges, loadFolder, type FileEntry } from './folder-files.ts';
import { watchSettled, type SettledWatchOptions } from './settled-watch.ts';

import { corpusFolderPath } from './folder-path.ts';

export const folderSourceId = (dir: string): string => `folder:${corpusFolderPath(dir)}`;

export interface FolderSourceOptions extends LoadOptions {
  watch?: SettledWatchOptions;
}

export class FolderSource implements ArticleSource {
  readonly id: string;
  readonly dir: string;
  readonly maxFileBytes: number;
  readonly #options: FolderSourceOptions;

  constructor(dir: string, options: FolderSourceOptions = {}) {
    this.dir = corpusFolderPath(dir);
    this.id = folderSourceId(this.dir);
    this.#options = options;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  describe(): string {
    return this.dir;
  }

  /** Every file read (with the stamp of the files as they were listed, read after). */
  loadStamped(): Promise<SourceLoad & { files: FileEntry[]; stamp: string }> {
    return loadFolder(this.dir, this.#options);
  }

  async load(): Promise<SourceLoad> {
    const { articles, skipped, warnings, files } = await this.loadStamped();
    return { articles, skipped, warnings, files };
  }

  stamp(): Promise<string> {
    return filesStamp([this.dir], this.maxFileBytes);
  }

  changes(since: Pick<SourceLoad, 'skipped' | 'warnings'> & { files: readonly FileEntry[] }): Promise<SourceChanges | undefined> {
    return folderChanges(this.dir, since, this.#options);
  }

  watch(onChange: (reason: string) => void): Unwatch {
    return watchSettled(this.dir, (paths) => onChange(`${paths.length} ${paths.length === 1 ? 'file' : 'files'} changed in ${this.dir}`), this.#options.watch);
  }
}
