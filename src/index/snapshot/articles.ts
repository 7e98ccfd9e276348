// Articles in a snapshot: their fields as compact JSON rows (one key list per shape, values in its order, so
// restored objects have the keys in the order they were built with and JSON output is byte for byte the
// same), stories shared by their members, and bodies kept out of memory: a restored article's `body` is an
// enumerable getter reading it from the snapshot file (so JSON.stringify, spreads and Object.assign still see
// it), which keeps the heap of a restored corpus to its metadata.
import type { Article, Story } from '../../types.ts';
import type { Region, SnapshotFile, SnapshotWriter } from './format.ts';

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

/** Reads bodies of one snapshot by slot; a body failing its checksum goes to `onError`, which supplies one. */
export class BodyReader {
  readonly #file: SnapshotFile;
  readonly #offsets: Float64Array;
  readonly #lengths: Uint32Array;
  readonly #crcs: Uint32Array;
  readonly #onError: (article: Article, error: Error) => string;

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

/** The body slot of a restored article: not enumerable, so spreads and JSON leave it out. */
const SLOT = Symbol('body slot');

/** Articles from their rows, bodies read through `bodies` when asked for. */
export function restoreArticles(image: ArticleRows, bodies: BodyReader): Article[] {
  // One getter for every article of the snapshot: objects of one shape share one hidden class.
  const body = {
    get(this: Article & { [SLOT]: number }): string {
      return bodies.read(this, this[SLOT]);
    },
    set(this: Article, value: string): void {
      Object.defineProperty(this, 'body', { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true,
  };
  const stories = image.stories;
  return image.rows.map((row) => {
    const keys = image.shapes[row[0] as number]!;
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
      } else if (key === 'story') article.story = stories[value as number];
      else article[key] = value;
    }
    return article as unknown as Article;
  });
}
