// Articles in a snapshot: their fields as compact JSON rows (one key list per shape, values in its order, so
// restored objects have the keys in the order they were built with and JSON output is byte for byte the
// same), stories shared by their members, and bodies kept out of memory: a restored article's `body` is an
// enumerable getter reading it from the snapshot file (src/corpus/lazy-body.ts: JSON.stringify, spreads and
// Object.assign still see it), which keeps the heap of a restored corpus to its metadata. The index's own
// articles are made into objects a section of rows at a time, when one of them is first asked for
// (RestoredArticles).
import type { Article, Story } from '../../types.ts';
import { LazyBodies, sameBody } from '../../corpus/lazy-body.ts';
import type { ArticleTable } from '../article-table.ts';
import type { Region, SnapshotFile, SnapshotWriter } from './format.ts';
import { runAtOnce, type Steps } from './slices.ts';

/** Rows of one list of articles: row[0] is the shape number, then the values in the shape's key order. */
export interface ArticleRows {
  shapes: string[][];
  rows: unknown[][];
  stories: Story[];
}

/** Bodies written once each (by article id and text), for every list of articles of one snapshot. */
export class BodyWriter {
  readonly #writer: SnapshotWriter;
  /** The article whose body each slot holds: a body out of the heap is compared without being read. */
  readonly #slots = new Map<string, { article: Article; slot: number }>();
  readonly #regions: Region[] = [];

  constructor(writer: SnapshotWriter) {
    this.#writer = writer;
  }

  /** The body's slot: -1 for an empty one. */
  slot(article: Article): number {
    const known = this.#slots.get(article.id);
    if (known && sameBody(known.article, article)) return known.slot;
    const body = article.body;
    if (body === '') return -1;
    const slot = this.#regions.length;
    this.#regions.push(this.#writer.text(body));
    if (!known) this.#slots.set(article.id, { article, slot });
    return slot;
  }

  /** The slot table, as blob numbers. */
  table(): { offsets: number; lengths: number; crcs: number } {
    return {
      offsets: this.#writer.blob(Float64Array.from(this.#regions, (r) => r.offset)),
      lengths: this.#writer.blob(Uint32Array.from(this.#regions, (r) => r.length)),
      crcs: this.#writer.blob(Uint32Array.from(this.#regions, (r) => r.crc)),
    };
  }
}

/**
 * The rows of `articles`, handed to `section` `perSection` at a time as they are made (a list's rows are never
 * all held: 100k articles' rows as one JSON text and its buffer were ~240 MB at the peak of a rebuild); returns
 * the shapes, the stories (shared objects, each once) and how many sections there were.
 */
export function writeRows(articles: readonly Article[], bodies: BodyWriter, perSection: number, section: (k: number, rows: unknown[][]) => void): Omit<ArticleRows, 'rows'> & { sections: number } {
  const shapes: string[][] = [];
  const shapeOf = new Map<string, number>();
  const stories: Story[] = [];
  const storyOf = new Map<Story, number>();
  const row = (article: Article): unknown[] => {
    // A key holding undefined is left out, as JSON.stringify leaves it out.
    const keys = Object.keys(article).filter((key) => key === 'body' || (article as unknown as Record<string, unknown>)[key] !== undefined);
    const name = keys.join(',');
    let shape = shapeOf.get(name);
    if (shape === undefined) shapeOf.set(name, (shape = shapes.push(keys) - 1));
    const values: unknown[] = [shape];
    for (const key of keys) {
      if (key === 'body') values.push(bodies.slot(article));
      else if (key === 'story') {
        const story = article.story!;
        let n = storyOf.get(story);
        if (n === undefined) storyOf.set(story, (n = stories.push(story) - 1));
        values.push(n);
      } else values.push((article as unknown as Record<string, unknown>)[key]);
    }
    return values;
  };
  let sections = 0;
  for (let start = 0; start < articles.length; start += perSection) section(sections++, articles.slice(start, start + perSection).map(row));
  return { shapes, stories, sections };
}

/** Reads bodies of one snapshot by slot; a body failing its checksum goes to `onError`, which supplies one. */
export class BodyReader {
  readonly #file: SnapshotFile;
  readonly #offsets: Float64Array;
  readonly #lengths: Uint32Array;
  readonly #crcs: Uint32Array;
  readonly #onError: (article: Article, error: Error) => string;
  /** The restored articles' `body` accessor. */
  readonly lazy = new LazyBodies((article, slot) => this.read(article, slot));

  constructor(file: SnapshotFile, table: { offsets: Float64Array; lengths: Uint32Array; crcs: Uint32Array }, onError: (article: Article, error: Error) => string) {
    this.#file = file;
    this.#offsets = table.offsets;
    this.#lengths = table.lengths;
    this.#crcs = table.crcs;
    this.#onError = onError;
  }

  read(article: Article, slot: number): string {
    try {
      return this.#file.text(this.#offsets[slot]!, this.#lengths[slot]!, this.#crcs[slot]!);
    } catch (error) {
      return this.#onError(article, error as Error);
    }
  }
}

/** Articles from their rows, bodies read through `bodies` when asked for. */
export function restoreArticles(image: ArticleRows, bodies: BodyReader): Article[] {
  return fromRows(image.shapes, image.rows, (n) => image.stories[n]!, bodies);
}

function fromRows(shapes: string[][], rows: unknown[][], story: (n: number) => Story, bodies: BodyReader): Article[] {
  return rows.map((row) => {
    const keys = shapes[row[0] as number]!;
    const article: Record<string | symbol, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const value = row[k + 1];
      if (key === 'body') {
        if (value === -1) article.body = '';
        else bodies.lazy.define(article, value as number);
      } else if (key === 'story') article.story = story(value as number);
      else article[key] = value;
    }
    return article as unknown as Article;
  });
}

/** Where a snapshot keeps the index's articles: rows and stories in sections of `perSection`, read by number. */
export interface RowSections {
  length: number;
  perSection: number;
  shapes: string[][];
  rows: (section: number) => unknown[][];
  stories: (section: number) => Story[];
}

/**
 * The index's articles of a snapshot, by document number: a section of rows is parsed and made into objects
 * when one of its articles is first asked for, so a command touching ten articles parses a few sections,
 * not 100k rows. Each article is made once; a story is one object shared by its members, as when built.
 */
export class RestoredArticles implements ArticleTable {
  readonly length: number;
  readonly #from: RowSections;
  readonly #bodies: BodyReader;
  readonly #made: (Article[] | undefined)[] = [];
  readonly #stories: (Story[] | undefined)[] = [];
  #all: Article[] | undefined;

  constructor(from: RowSections, bodies: BodyReader) {
    this.length = from.length;
    this.#from = from;
    this.#bodies = bodies;
  }

  at(doc: number): Article {
    const k = Math.floor(doc / this.#from.perSection);
    return this.#section(k)[doc - k * this.#from.perSection]!;
  }

  all(): readonly Article[] {
    return runAtOnce(this.allSteps());
  }

  /** Every article made (the ones not made yet), yielding after each section. */
  *allSteps(): Steps<readonly Article[]> {
    if (!this.#all) {
      const all: Article[] = [];
      for (let k = 0; k * this.#from.perSection < this.length; k++) {
        for (const article of this.#section(k)) all.push(article);
        yield;
      }
      // Two runs at once (the background warm, a change) make the same articles: keep the first array.
      this.#all ??= all;
    }
    return this.#all;
  }

  #section(k: number): Article[] {
    let made = this.#made[k];
    if (!made) this.#made[k] = made = fromRows(this.#from.shapes, this.#from.rows(k), (n) => this.#story(n), this.#bodies);
    return made;
  }

  #story(n: number): Story {
    const k = Math.floor(n / this.#from.perSection);
    let stories = this.#stories[k];
    if (!stories) this.#stories[k] = stories = this.#from.stories(k);
    return stories[n - k * this.#from.perSection]!;
  }
}
