// A folder of article files (Markdown with front matter, plain text) as a source: loaded with the corpus
// loader, watched with fs.watch so new, changed and removed files reach the corpus within seconds.
import { filesStamp } from '../corpus/files-stamp.ts';
import { DEFAULT_MAX_FILE_BYTES, loadCorpus, type LoadOptions } from '../corpus/load.ts';
import type { ArticleSource, SourceLoad, Unwatch } from './source.ts';
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

  async load(): Promise<SourceLoad> {
    const { articles, skipped, warnings } = await loadCorpus([this.dir], this.#options);
    return { articles, skipped, warnings };
  }

  stamp(): Promise<string> {
    return filesStamp([this.dir], this.maxFileBytes);
  }

  watch(onChange: (reason: string) => void): Unwatch {
    return watchSettled(this.dir, (paths) => onChange(`${paths.length} ${paths.length === 1 ? 'file' : 'files'} changed in ${this.dir}`), this.#options.watch);
  }
}
