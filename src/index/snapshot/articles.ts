// Articles in a snapshot: their fields as compact JSON rows (one key list per shape, values in its order, so
// restored objects have the keys in the order they were built with and JSON output is byte for byte the
// same), stories shared by their members, and bodies kept out of memory: a restored article's `body` is an
// enumerable getter reading it from the snapshot file (so JSON.stringify, spreads and Object.assign still see
// it), which keeps the heap of a restored corpus to its metadata. The index's own articles are made into
// objects a section of rows at a time, when one of them is first asked for (RestoredArticles).
import type { Article, Story } from '../../types.ts';
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
  readonly #slots = new Map<string, { body: string; slot: number }>();
  readonly #regions: Region[] = [];

  constructor(writer: SnapshotWriter) {
    this.#writer = writer;
  }

  /** The body's slot: -1 for an empty one. */
  slot(article: Article): number {
    const body = article.body;
    if (body === '') return -1;
    const known = this.#slots.get(article.id);
    if (known && known.body === body) return known.slot;
    const slot = this.#regions.length;
    this.#regions.push(this.#writer.text(body));
    if (!known) this.#slots.set(article.id, { body, slot });
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

export function articleRows(articles: readonly Article[], bodies: BodyWriter): ArticleRows {
  const shapes: string[][] = [];
  const shapeOf = new Map<string, number>();
  const stories: Story[] = [];
  const storyOf = new Map<Story, number>();
  const rows = articles.map((article) => {
    // A key holding undefined is left out, as JSON.stringify leaves it out.
    const keys = Object.keys(article).filter((key) => (article as unknown as Record<string, unknown>)[key] !== undefined);
    const name = keys.join(',');
    let shape = shapeOf.get(name);
    if (shape === undefined) shapeOf.set(name, (shape = shapes.push(keys) - 1));
    const row: unknown[] = [shape];
    for (const key of keys) {
      if (key === 'body') row.push(bodies.slot(article));
      else if (key === 'story') {
        const story = article.story!;
        let n = storyOf.get(story);
        if (n === undefined) storyOf.set(story, (n = stories.push(story) - 1));
        row.push(n);
      } else row.push((article as unknown as Record<string, unknown>)[key]);
    }
    return row;
  });
  return { shapes, rows, stories };
}

/** The body slot of a restored article: not enumerable, so spreads and JSON leave it out. */
const SLOT = Symbol('body slot');

/** Reads bodies of one snapshot by slot; a body failing its checksum goes to `onError`, which supplies one. */
export class BodyReader {
  readonly #file: SnapshotFile;
  readonly #offsets: Float64Array;
  readonly #lengths: Uint32Array;
  readonly #crcs: Uint32Array;
  readonly #onError: (article: Article, error: Error) => string;
  /** One `body` accessor for every article of the snapshot: objects of one shape share one hidden class. */
  readonly descriptor: PropertyDescriptor;

  constructor(file: SnapshotFile, table: { offsets: Float64Array; lengths: Uint32Array; crcs: Uint32Array }, onError: (article: Article, error: Error) => string) {
    this.#file = file;
    this.#offsets = table.offsets;
    this.#lengths = table.lengths;
    this.#crcs = table.crcs;
    this.#onError = onError;
    const reader = this;
    this.descriptor = {
      get(this: Article & { [SLOT]: number }): string {
        return reader.read(this, this[SLOT]);
      },
      set(this: Article, value: string): void {
        Object.defineProperty(this, 'body', { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    };
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
  const body = bodies.descriptor;
  return rows.map((row) => {
    const keys = shapes[row[0] as number]!;
    const article: Record<string | symbol, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const value = row[k + 1];
      if (key === 'body') {
        if (value === -1) article.body = '';
        else {
          Object.defineProperty(article, 'body', body);
          Object.defineProperty(article, SLOT, { value });
        }
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
