// The bodies of a large load kept in a temporary file instead of the heap (lazy-body.ts): about half of what
// a loaded corpus holds (docs/corpus.md, "Bodies out of the heap"). The file (storage/temp-file.ts) is never
// on tmpfs, and is closed once no article reads from it. A body the file cannot take (disk full) stays in the
// heap: nothing is lost.
import type { Article } from '../types.ts';
import { AppendFile } from '../storage/append-file.ts';
import { TempFile } from '../storage/temp-file.ts';
import { LazyBodies } from './lazy-body.ts';

/** V8 copies a substring shorter than this (SlicedString::kMinLength): it keeps no larger text alive. */
const SLICE_MIN_CHARS = 13;
/** Strings up to this long (names, domains, languages) are shared between the articles of one spill. */
const SHARED_MAX_CHARS = 40;

export class BodySpill {
  readonly #file: AppendFile;
  readonly #offsets: number[] = [];
  readonly #lengths: number[] = [];
  /** Per slot: written as UTF-16, else Latin-1 (ASCII text). Both decode by copying, where UTF-8 took 5.6 µs per 3 KB of Vietnamese. */
  readonly #wide: boolean[] = [];
  readonly #lazy = new LazyBodies((_article, slot) => this.#read(slot));
  /** Short strings already copied (see #own), each the key and value of its own copy. */
  readonly #strings = new Map<string, string>();
  #failed = false;

  private constructor(temp: TempFile) {
    this.#file = new AppendFile(temp.fd);
    // Every article reading from it holds the spill (its reader does).
    temp.closeWith(this);
  }

  /** A spill in `dir` (default: temp-file.ts's spillFolder()); undefined when there is none, or no file can be made there. */
  static create(dir?: string): BodySpill | undefined {
    const temp = TempFile.open('newsbot-bodies', dir);
    return temp && new BodySpill(temp);
  }

  /** `article` with its body moved to the file (a copy), or `article` itself when the body stays in the heap. */
  keep(article: Article): Article {
    const body = article.body;
    if (this.#failed || body === '') return article;
    try {
      const wide = Buffer.byteLength(body, 'utf8') !== body.length;
      const { offset, length } = this.#file.text(body, wide ? 'utf16le' : 'latin1');
      const slot = this.#offsets.length;
      this.#offsets.push(offset);
      this.#lengths.push(length);
      this.#wide.push(wide);
      return this.#lazy.attach(article, slot, (value) => this.#own(value));
    } catch {
      // ENOSPC, EIO: this body and the ones after it stay in the heap; the ones before are still readable.
      this.#failed = true;
      return article;
    }
  }

  /**
   * `value` holding no part of the file's text: a title or URL parsed from a file is a V8 slice of the file's
   * whole text, body included, and would keep it alive after the body has left (5k generated files: 22.5 MB
   * held without the copies, 12.1 MB with them). Long strings are copied; short ones are shared, so a
   * provider named in 10k files is one string.
   */
  #own(value: unknown): unknown {
    if (typeof value === 'string') {
      if (value.length < SLICE_MIN_CHARS) return value;
      if (value.length > SHARED_MAX_CHARS) return copyOf(value);
      let own = this.#strings.get(value);
      if (own === undefined) this.#strings.set((own = copyOf(value)), own);
      return own;
    }
    if (Array.isArray(value)) return value.map((item: unknown) => this.#own(item));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = this.#own(item);
      return copy;
    }
    return value;
  }

  #read(slot: number): string {
    return this.#file.readText(this.#offsets[slot]!, this.#lengths[slot]!, this.#wide[slot] ? 'utf16le' : 'latin1');
  }
}

/** A string of its own: the flattened concatenation is new, and the slice of it keeps only it alive. */
const copyOf = (text: string): string => (' ' + text).slice(1);
