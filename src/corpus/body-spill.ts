// The bodies of a large load kept in a temporary file instead of the heap (lazy-body.ts): about half of what
// a loaded corpus holds (docs/corpus.md, "Bodies out of the heap"). The file is removed as soon as it is
// open, so nothing is left behind however the process ends; it is closed once no article reads from it.
// It goes where the kernel can drop it from memory (the page cache): a temporary folder on tmpfs would keep
// it in RAM, so then /var/tmp is tried, and if that is tmpfs too the bodies stay in the heap. A body the
// file cannot take (disk full) stays in the heap: nothing is lost.
import { randomUUID } from 'node:crypto';
import { close, closeSync, existsSync, openSync, statfsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../types.ts';
import { AppendFile } from '../storage/append-file.ts';
import { LazyBodies } from './lazy-body.ts';

/** statfs(2)'s type of tmpfs. */
const TMPFS = 0x01021994;
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

  private constructor(fd: number) {
    this.#file = new AppendFile(fd);
  }

  /** A spill in `dir` (default: spillFolder()); undefined when there is none, or no file can be made there. */
  static create(dir: string | undefined = spillFolder()): BodySpill | undefined {
    if (dir === undefined) return undefined;
    const path = join(dir, `newsbot-bodies-${process.pid}-${randomUUID()}.tmp`);
    let fd: number;
    try {
      fd = openSync(path, 'w+', 0o600);
    } catch {
      return undefined;
    }
    try {
      // Removed while open: the file lives as long as its descriptor (not on Windows: no spill there).
      unlinkSync(path);
    } catch {
      closeSync(fd);
      return undefined;
    }
    const spill = new BodySpill(fd);
    const file = { fd };
    openFiles.add(file);
    closeWhenUnused.register(spill, file);
    return spill;
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

/** This thread's spill files not closed yet (an object each: a descriptor number is reused once closed). */
const openFiles = new Set<{ fd: number }>();

// Closed on libuv's thread pool: the kernel frees a removed file's blocks at its last close (see format.ts).
const closeWhenUnused = new FinalizationRegistry<{ fd: number }>((file) => {
  if (openFiles.delete(file)) close(file.fd, () => undefined);
});

/**
 * Closes this thread's spill files, for a thread that ends: a worker's finalizers may never run, and its
 * files (hundreds of MB) would stay on disk until the process exits. No article of theirs may be read after.
 */
export function closeBodySpills(): void {
  for (const file of openFiles) close(file.fd, () => undefined);
  openFiles.clear();
}

/** The temporary folder (TMPDIR), or /var/tmp when that one is tmpfs; undefined when both are (or cannot be told). */
export function spillFolder(): string | undefined {
  for (const dir of [tmpdir(), '/var/tmp']) {
    try {
      if (existsSync(dir) && statfsSync(dir).type !== TMPFS) return dir;
    } catch {
      // statfs unsupported here: try the next
    }
  }
  return undefined;
}
