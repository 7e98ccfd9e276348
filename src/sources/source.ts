// Where articles come from. The corpus holder (src/index/corpus-holder.ts) composes sources: it keeps each
// source's articles apart, and when one changes applies what changed to the index (articles added, updated,
// removed) instead of building it again.
// A new kind of source is one file implementing ArticleSource (folder-source.ts, feed-source.ts) plus its tests.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';
import type { FileEntry } from './folder-files.ts';

export interface SourceLoad {
  articles: Article[];
  /** Files or items that could not become articles, and why. */
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  /** A folder: what each article file gave, for `changes()` next time. */
  files?: FileEntry[];
}

/** What a source holds now, told as what changed since a load (or since the changes before). */
export interface SourceChanges {
  /** The new version of every article added or changed (ids as `load()` would give them, duplicates merged). */
  upserted: Article[];
  /** Ids the source no longer has. */
  removed: string[];
  /** The whole source's, as `load()` would give them now. */
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  files: FileEntry[];
  /** As `stamp()` would say now. */
  stamp: string;
}

/** Stops watching. */
export type Unwatch = () => void;

export interface ArticleSource {
  /** Stable across processes and restarts: "folder:/abs/path", "feed:name". */
  readonly id: string;
  /** For people: a folder path, a feed's name and URL. */
  describe(): string;
  /** Everything the source holds now. Throws when the source itself is unusable (a missing folder). */
  load(): Promise<SourceLoad>;
  /**
   * Optional: a digest that changes whenever `load()` may return something else, much cheaper than loading (a
   * folder: its files' paths, sizes and times). Sources with one can be restored from a corpus snapshot
   * without loading; the others are loaded and compared by content.
   */
  stamp?(): Promise<string>;
  /**
   * Optional: what changed since the load (or the changes) that gave `since`, reading only the files that
   * changed; undefined when it would not be cheaper than `load()` (most files changed).
   */
  changes?(since: Pick<SourceLoad, 'skipped' | 'warnings'> & { files: readonly FileEntry[] }): Promise<SourceChanges | undefined>;
  /** Calls `onChange` (with a short reason) when the source's articles may have changed; optional. */
  watch?(onChange: (reason: string) => void): Unwatch;
}
