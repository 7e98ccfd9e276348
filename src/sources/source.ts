// Where articles come from. The corpus holder (src/index/corpus-holder.ts) composes sources: it keeps each
// source's articles apart, reloads one source when it changes, and rebuilds the index from all of them.
// A new kind of source is one file implementing ArticleSource (folder-source.ts, feed-source.ts) plus its tests.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';

export interface SourceLoad {
  articles: Article[];
  /** Files or items that could not become articles, and why. */
  skipped: SkippedFile[];
  warnings: LoadWarning[];
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
  /** Calls `onChange` (with a short reason) when the source's articles may have changed; optional. */
  watch?(onChange: (reason: string) => void): Unwatch;
}
