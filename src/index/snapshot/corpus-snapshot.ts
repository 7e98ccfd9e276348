// The corpus snapshot: what a CorpusHolder holds (each source's articles, the built index) saved under
// DATA_DIR/corpus-snapshot/, so a start or a CLI call on an unchanged corpus restores it instead of parsing
// every file and building the index again. One file per set of sources (named by their ids), valid while
// its key matches: the format, the code that parses and indexes (a digest of its source files), the
// taxonomy, and each source's stamp (a folder: its files' paths, sizes and times; a source without
// stamp(): its articles' fingerprint). Missing or corrupt, or made by other code or for another taxonomy →
// rebuilt from the sources and rewritten, with one log line saying why; the sources themselves are never
// touched. Only the sources' stamps differing (files changed while the bot was down), it is restored when the
// caller can bring it up to date (`sourcesMayDiffer`): each source's state — a folder's files, each article's
// hash — is saved with it for that.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Article, LoadWarning, SkippedFile, Story } from '../../types.ts';
import type { ArticleColumns } from '../article-table.ts';
import { parseArticleFile } from '../../corpus/parse-file.ts';
import type { Taxonomy } from '../../corpus/taxonomy.ts';
import type { SourceLoad } from '../../sources/source.ts';
import type { FileEntry } from '../../sources/folder-files.ts';
import { CorpusIndex } from '../corpus-index.ts';
import { fold } from '../../text/fold.ts';
import { PairTable } from '../pair-table.ts';
import { GrowableU32 } from '../postings.ts';
import { TextIndex } from '../text-index.ts';
import { Vocabulary } from '../vocabulary.ts';
import { BodyReader, BodyWriter, RestoredArticles, restoreArticles, writeRows, type ArticleRows } from './articles.ts';
import { SnapshotCorruptError, SnapshotFile, SnapshotWriter } from './format.ts';
import { decodeImage, ImageEncoder, type Node } from './image.ts';
import { runAtOnce, runInSlices, type Steps } from './slices.ts';

/** Bumped when the file layout changes (code changes are caught by the code digest). */
const FORMAT = 4;
/** The classes a text index is made of: the image codec restores them by name. */
const CLASSES = [TextIndex, Vocabulary, GrowableU32, PairTable];
/**
 * Rows (and stories) per JSON section: each parses in about a millisecond, so a restore can run in slices and
 * a CLI call making only the articles it prints parses little more than those.
 */
const ROWS_PER_SECTION = 256;
/** Longest a restore in slices holds the event loop. */
export const SLICE_MS = 10;
/** Snapshot files kept in the folder (one per set of sources): the least recently written go first. */
const KEEP_FILES = 8;
/** A temporary file this old was left by a write that died. */
const STALE_TEMP_MS = 3600_000;
/** The code whose output a snapshot holds: any change to it makes every snapshot stale. */
const CODE_DIRS = ['corpus', 'index', 'text', 'sources'];

export interface SnapshotOptions {
  /** The folder of snapshot files: DATA_DIR/corpus-snapshot. */
  dir: string;
  /** One line when a snapshot is rebuilt (and why), or cannot be used or written. */
  log: (message: string) => void;
  /** Restore the text index when first searched, not at once (a one-shot CLI call that may not search). */
  lazyText?: boolean;
  /** Make the index's articles when first asked for, not at once (a one-shot CLI call prints a few). */
  lazyArticles?: boolean;
  /**
   * Open as lazily as the CLI, then restore the articles and the text index in the background, in slices of
   * SLICE_MS (the bot: ready about as fast as a CLI call, and warm a second or two later). Reloads restore at once.
   */
  warmInBackground?: boolean;
}

type ReadOptions = Pick<SnapshotOptions, 'log' | 'lazyText' | 'lazyArticles' | 'warmInBackground'> & {
  /** Restore a snapshot whose sources' stamps differ from the key's (Restored.changed names them). */
  sourcesMayDiffer?: boolean;
};

/** A source as a snapshot records it. */
export interface SnapshotSource {
  id: string;
  stamp: string;
  fingerprint: string;
  load: SourceLoad;
  state: SourceState;
}

/** What brings a source's articles up to date without loading it whole. */
export interface SourceState {
  /** A folder: each article file and the id it gave. */
  files?: FileEntry[];
  /** Each article's id → its content hash (compose.ts: what the fingerprint sums). */
  hashes: Map<string, string>;
}

/** A source's own articles as saved: shapes and stories here, rows in sections of ROWS_PER_SECTION (`source:i:k`). */
type SourceSection = Omit<ArticleRows, 'rows'> & { sections: number };

/** A source's state as saved, in parts of ROWS_PER_SECTION (`state:i:k`), so a restore can read it in slices. */
interface StateSection {
  folder: boolean;
  parts: number;
}

/** Part k: files k·ROWS_PER_SECTION… as rows (path, size, mtime, inode, id), and as many hashes as two lists. */
interface StatePart {
  files: [string, number, number, number, string | null][];
  ids: string[];
  hashes: string[];
}

interface Key {
  format: number;
  code: string;
  taxonomy: string;
  sources: [id: string, stamp: string][];
}

interface IndexSection {
  /** The index's articles: shapes here, rows and stories in sections of ROWS_PER_SECTION (`rows:k`, `stories:k`). */
  shapes: string[][];
  rowSections: number;
  storySections: number;
  bodies: { offsets: number; lengths: number; crcs: number };
  text: Node;
  titleKeys: Node;
  titleDocs: number;
  ids: Node;
  /** The index's ArticleColumns. */
  columns: Node;
  sources: { id: string; fingerprint: string; skipped: SkippedFile[]; warnings: LoadWarning[] }[];
}

export interface Restored {
  index: CorpusIndex;
  /** By source id; each source's articles and state are read from the file when first asked for. */
  sources: Map<string, { fingerprint: string; load: SourceLoad; state: () => Steps<SourceState> }>;
  /** Sources whose stamp differs from the one asked for (with `sourcesMayDiffer`): their changes are not in it. */
  changed: string[];
  /** The file's key (the one asked for, unless sources differ). */
  key: string;
}

export const SNAPSHOT_DIR = 'corpus-snapshot';

/** The snapshot file of a set of sources (in order) under `dir`. */
export function snapshotPath(dir: string, sourceIds: readonly string[]): string {
  return join(dir, `${createHash('sha256').update(sourceIds.join('\n')).digest('hex').slice(0, 16)}.snapshot`);
}

export function snapshotKey(taxonomy: Taxonomy | undefined, sources: readonly { id: string; stamp: string }[]): string {
  const key: Key = {
    format: FORMAT,
    code: codeDigest(),
    taxonomy: createHash('sha256').update(JSON.stringify(taxonomy?.topics ?? null)).digest('hex').slice(0, 24),
    sources: sources.map((source) => [source.id, source.stamp]),
  };
  return JSON.stringify(key);
}

/** Why a snapshot with key `found` cannot stand for `wanted`. */
function staleReason(found: string, wanted: string): string {
  const [a, b] = [JSON.parse(found) as Key, JSON.parse(wanted) as Key];
  if (a.format !== b.format) return `snapshot format ${a.format}, this version writes ${b.format}`;
  if (a.code !== b.code) return 'the parsing or indexing code changed';
  if (a.taxonomy !== b.taxonomy) return 'the taxonomy changed';
  const before = new Map(a.sources);
  const changed = b.sources.filter(([id, stamp]) => before.get(id) !== stamp).map(([id]) => id);
  return changed.length ? `changed: ${changed.join(', ')}` : 'the sources changed';
}

/** Writes the snapshot of `index` built from `sources` to `path` (temporary file, then rename). Throws on failure. */
export function writeSnapshot(path: string, key: string, index: CorpusIndex, sources: readonly SnapshotSource[]): void {
  mkdirSync(resolve(path, '..'), { recursive: true });
  const writer = new SnapshotWriter(path);
  try {
    const bodies = new BodyWriter(writer);
    const image = index.toImage();
    const encoder = new ImageEncoder(CLASSES, (array) => writer.blob(array));
    sources.forEach((source, i) => {
      const rows = writeRows(source.load.articles, bodies, ROWS_PER_SECTION, (k, part) => writer.section(`source:${i}:${k}`, part));
      writer.section(`source:${i}`, rows satisfies SourceSection);
      const { files, hashes } = source.state;
      const [ids, values] = [[...hashes.keys()], [...hashes.values()]];
      const parts = Math.ceil(Math.max(files?.length ?? 0, ids.length) / ROWS_PER_SECTION);
      writer.section(`state:${i}`, { folder: files !== undefined, parts } satisfies StateSection);
      for (let k = 0, start = 0; k < parts; k++, start += ROWS_PER_SECTION) {
        const end = start + ROWS_PER_SECTION;
        const rows = (files ?? []).slice(start, end).map((f): StatePart['files'][number] => [f.path, f.size, f.mtimeMs, f.ino, f.id]);
        writer.section(`state:${i}:${k}`, { files: rows, ids: ids.slice(start, end), hashes: values.slice(start, end) } satisfies StatePart);
      }
    });
    const { shapes, stories, sections } = writeRows(index.articles, bodies, ROWS_PER_SECTION, (k, part) => writer.section(`rows:${k}`, part));
    const section: IndexSection = {
      shapes,
      rowSections: sections,
      storySections: inSections(writer, 'stories', stories),
      bodies: bodies.table(),
      text: encoder.encode(image.text, 'text'),
      titleKeys: encoder.encode(image.titleKeys, 'titleKeys'),
      ids: encoder.encode(image.ids, 'ids'),
      titleDocs: writer.blob(image.titleDocs),
      columns: encoder.encode(image.columns, 'columns'),
      sources: sources.map((source) => ({ id: source.id, fingerprint: source.fingerprint, skipped: source.load.skipped, warnings: source.load.warnings })),
    };
    writer.section('index', section);
    writer.commit(key);
  } catch (error) {
    writer.abort();
    throw error;
  }
  prune(resolve(path, '..'));
}

/**
 * Keeps the KEEP_FILES most recently written snapshots (other sets of sources: another --corpus, a removed
 * folder) and removes temporary files of writes that died. A process reading a removed one keeps its open file.
 */
function prune(dir: string): void {
  try {
    const now = Date.now();
    const files = readdirSync(dir).map((name) => ({ path: join(dir, name), name, mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? now }));
    const snapshots = files.filter((file) => file.name.endsWith('.snapshot')).sort((a, b) => b.mtime - a.mtime);
    const temps = files.filter((file) => file.name.endsWith('.tmp') && now - file.mtime > STALE_TEMP_MS);
    for (const file of [...snapshots.slice(KEEP_FILES), ...temps]) rmSync(file.path, { force: true });
  } catch {
    // Pruning is housekeeping: a folder that cannot be listed or a file that cannot be removed stays.
  }
}

/** `values` as JSON sections `${name}:0`, `${name}:1` … of ROWS_PER_SECTION each; returns how many. */
function inSections(writer: SnapshotWriter, name: string, values: unknown[]): number {
  let count = 0;
  for (let start = 0; start < values.length; start += ROWS_PER_SECTION) writer.section(`${name}:${count++}`, values.slice(start, start + ROWS_PER_SECTION));
  return count;
}

/**
 * The holder's state from the snapshot at `path` when its key is `key`; otherwise undefined, after logging
 * why (missing, stale, corrupt: a corrupt file is removed).
 */
export function readSnapshot(path: string, key: string, taxonomy: Taxonomy | undefined, options: ReadOptions): Restored | undefined {
  return runAtOnce(readSteps(path, key, taxonomy, options));
}

/** readSnapshot holding the event loop at most ~SLICE_MS at a time (a reload's swap while commands are served). */
export function readSnapshotInSlices(path: string, key: string, taxonomy: Taxonomy | undefined, options: ReadOptions): Promise<Restored | undefined> {
  return runInSlices(readSteps(path, key, taxonomy, { ...options, warmInBackground: false }), SLICE_MS);
}

function* readSteps(path: string, key: string, taxonomy: Taxonomy | undefined, options: ReadOptions): Steps<Restored | undefined> {
  const log = options.log;
  let file: SnapshotFile;
  try {
    file = SnapshotFile.open(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') log(`corpus snapshot: none yet at ${path}; building it`);
    else if (error instanceof SnapshotCorruptError) discard(path, log, `unreadable (${error.message})`);
    else log(`corpus snapshot: cannot open ${path} (${code ?? (error as Error).message}); building the corpus from the sources`);
    return undefined;
  }
  try {
    const changed = file.header.key === key ? [] : options.sourcesMayDiffer ? changedSources(file.header.key, key) : undefined;
    if (!changed) {
      log(`corpus snapshot: stale (${staleReason(file.header.key, key)}); rebuilding ${path}`);
      file.close();
      return undefined;
    }
    return { ...(yield* restore(file, path, taxonomy, options)), changed, key: file.header.key };
  } catch (error) {
    file.close();
    if (!(error instanceof SnapshotCorruptError) && !(error instanceof SyntaxError) && !(error instanceof TypeError)) throw error;
    discard(path, log, `corrupt (${error.message})`);
    return undefined;
  }
}

/** The sources whose stamps differ when only they do (same format, code, taxonomy and sources); else undefined. */
function changedSources(found: string, wanted: string): string[] | undefined {
  const [a, b] = [JSON.parse(found) as Key, JSON.parse(wanted) as Key];
  if (a.format !== b.format || a.code !== b.code || a.taxonomy !== b.taxonomy || a.sources.length !== b.sources.length) return undefined;
  if (a.sources.some(([id], i) => id !== b.sources[i]![0])) return undefined;
  return b.sources.filter(([, stamp], i) => a.sources[i]![1] !== stamp).map(([id]) => id);
}

function* restore(file: SnapshotFile, path: string, taxonomy: Taxonomy | undefined, options: ReadOptions): Steps<Omit<Restored, 'changed' | 'key'>> {
  const log = options.log;
  const section = file.section<IndexSection>('index');
  const blob = (i: number) => file.blob(i);
  let reported = false;
  /** The snapshot goes (the next start rebuilds it); what was being read comes from elsewhere. */
  const damaged = (error: Error, instead: string): void => {
    if (reported) return;
    reported = true;
    if (statSync(path, { throwIfNoEntry: false })?.ino === file.inode) discard(path, log, `corrupt (${error.message}); ${instead}`);
  };
  const bodies = new BodyReader(
    file,
    { offsets: (yield* blob(section.bodies.offsets)) as Float64Array, lengths: (yield* blob(section.bodies.lengths)) as Uint32Array, crcs: (yield* blob(section.bodies.crcs)) as Uint32Array },
    (article, error) => {
      damaged(error, 'its bodies are read from the source files until then');
      return bodyFromSource(article, taxonomy);
    },
  );
  // The file stays open while any restored article may read a body from it.
  openFiles.register(bodies, file);
  const columns = (yield* decodeImage(section.columns, blob, CLASSES)) as ArticleColumns;
  const articles = new RestoredArticles(
    {
      length: columns.language.length,
      perSection: ROWS_PER_SECTION,
      shapes: section.shapes,
      rows: (k) => file.section<unknown[][]>(`rows:${k}`),
      stories: (k) => file.section<Story[]>(`stories:${k}`),
    },
    bodies,
  );
  const background = options.warmInBackground === true;
  if (options.lazyArticles || background) {
    // Made later, so checked now: a damaged section is found while the corpus can still be rebuilt.
    for (let k = 0; k < section.rowSections; k++) file.check(`rows:${k}`);
    for (let k = 0; k < section.storySections; k++) file.check(`stories:${k}`);
  } else yield* articles.allSteps();
  const textSteps = (): Steps<TextIndex> => decodeImage(section.text, blob, CLASSES) as Steps<TextIndex>;
  // Restored later, a damaged text index is built again from the articles: slower, the same answers.
  /** Restored when first asked for; damaged, made from the articles instead (slower, the same answers). */
  const later = <T>(steps: () => Steps<T>, instead: string, fromArticles: () => T) => (): T => {
    try {
      return runAtOnce(steps());
    } catch (error) {
      if (!(error instanceof SnapshotCorruptError)) throw error;
      damaged(error, instead);
      return fromArticles();
    }
  };
  let restoredText: TextIndex | undefined;
  const textLater = later(textSteps, 'the text index is built from the articles', () => TextIndex.build([...articles.all()]));
  const lazyText = (): TextIndex => (restoredText ??= textLater());
  const text = options.lazyText || background ? lazyText : yield* textSteps();
  // Only autocomplete reads the titles and only `get` the ids: a CLI call restores them when it does.
  const strings = function* (node: Node): Steps<string[]> {
    return (yield* decodeImage(node, blob, CLASSES)) as string[];
  };
  const lazily = options.lazyArticles || background;
  const titleDocs = (yield* blob(section.titleDocs)) as Uint32Array;
  const titleKeys = lazily
    ? later(() => strings(section.titleKeys), 'the titles are folded from the articles', () => Array.from(titleDocs, (doc) => fold(articles.at(doc).title)))
    : yield* strings(section.titleKeys);
  const ids = lazily ? later(() => strings(section.ids), 'the ids are read from the articles', () => articles.all().map((article) => article.id)) : yield* strings(section.ids);
  const index = CorpusIndex.fromImage(articles, { text, titleKeys, titleDocs, ids, columns }, taxonomy);
  const sources = new Map(
    section.sources.map((source, i) => {
      let articles: Article[] | undefined;
      const load: SourceLoad = {
        get articles() {
          if (!articles) {
            const { shapes, stories, sections } = file.section<SourceSection>(`source:${i}`);
            const rows: unknown[][] = [];
            for (let k = 0; k < sections; k++) for (const row of file.section<unknown[][]>(`source:${i}:${k}`)) rows.push(row);
            articles = restoreArticles({ shapes, rows, stories }, bodies);
          }
          return articles;
        },
        skipped: source.skipped,
        warnings: source.warnings,
      };
      let state: SourceState | undefined;
      function* readState(): Steps<SourceState> {
        if (state) return state;
        const saved = file.section<StateSection>(`state:${i}`);
        const files: FileEntry[] = [];
        const hashes = new Map<string, string>();
        for (let k = 0; k < saved.parts; k++) {
          const part = file.section<StatePart>(`state:${i}:${k}`);
          for (const [path, size, mtimeMs, ino, id] of part.files) files.push({ path, size, mtimeMs, ino, id });
          part.ids.forEach((id, n) => hashes.set(id, part.hashes[n]!));
          yield;
        }
        state ??= { ...(saved.folder && { files }), hashes };
        return state;
      }
      return [source.id, { fingerprint: source.fingerprint, load, state: readState }];
    }),
  );
  if (background) {
    // Whatever a command needs before this is done, it restores at once; a damaged text index is left to that.
    const warm = function* (): Steps<void> {
      yield* articles.allSteps();
      if (!restoredText) restoredText = yield* textSteps();
    };
    const started = performance.now();
    // Said when done: until then a command may pay for what it reads first (operators see when the bot is warm).
    const said = () => log(`corpus snapshot: ${columns.language.length} articles and their text index restored in the background in ${Math.round(performance.now() - started)} ms`);
    runInSlices(warm(), SLICE_MS).then(said, (error: Error) => {
      if (!(error instanceof SnapshotCorruptError)) log(`corpus snapshot: could not restore ${path} in the background (${error.message}); restoring what commands ask for`);
    });
  }
  return { index, sources };
}

const openFiles = new FinalizationRegistry<SnapshotFile>((file) => file.close());

function discard(path: string, log: (message: string) => void, why: string): void {
  log(`corpus snapshot: ${why}; removed ${path}, rebuilding it from the sources`);
  try {
    rmSync(path, { force: true });
  } catch {
    // Not ours to remove (permissions): the rewrite replaces it, or the next start says so again.
  }
}

/** A body whose snapshot copy is damaged, read again from the article's file ('' when that fails). */
function bodyFromSource(article: Article, taxonomy: Taxonomy | undefined): string {
  try {
    if (!taxonomy) return '';
    const parsed = parseArticleFile(article.source, readFileSync(article.source), taxonomy);
    return 'article' in parsed && parsed.article.id === article.id ? parsed.article.body : '';
  } catch {
    return '';
  }
}

let code: string | undefined;

/** A digest of the code a snapshot's content depends on (read once per process). */
function codeDigest(): string {
  if (code) return code;
  const sha = createHash('sha256');
  const src = resolve(import.meta.dirname, '..', '..');
  const files = CODE_DIRS.flatMap((dir) => readdirSync(join(src, dir), { recursive: true, encoding: 'utf8' }).map((name) => join(src, dir, name)));
  for (const path of [...files, join(src, 'types.ts')].filter((path) => path.endsWith('.ts')).sort()) sha.update(path.slice(src.length)).update(readFileSync(path));
  code = sha.digest('hex').slice(0, 24);
  return code;
}
