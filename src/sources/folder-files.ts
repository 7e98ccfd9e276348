// A folder's articles file by file: a load remembers what each file gave (its stamp and its article's id),
// so that the next look lists and stats the folder, reads only the files added or changed, and tells what
// happened to the articles. Files with the same article (the same canonical URL, or the same text) are merged
// as the loader merges them (src/corpus/merge.ts: in path order, the first file's fields win), so when one of
// them changes, goes, or its article moves to another id, every file of each id involved is read again.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';
import { listFileStamps, sameFile, type FileStamp } from '../corpus/files-stamp.ts';
import { DEFAULT_MAX_FILE_BYTES, parseFiles, type LoadOptions } from '../corpus/load.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import type { ParsedFile } from '../corpus/parse-file.ts';
import { slice } from '../index/snapshot/slices.ts';
import type { SourceChanges, SourceLoad } from './source.ts';

/** One article file as last read: its stamp, and the id of the article it gave (null: skipped). */
export interface FileEntry extends FileStamp {
  id: string | null;
}

export const FOLDER_CHANGES_DEFAULTS = {
  /** Above this share of the folder's files changed (and more than `minFiles`), `changes()` says load it whole instead. */
  maxChangedShare: 0.25,
  minFiles: 100,
} as const;

/** Every file of `dir`, read and parsed, with what each gave. */
export async function loadFolder(dir: string, options: LoadOptions): Promise<SourceLoad & { files: FileEntry[]; stamp: string }> {
  const listing = await listFileStamps([dir], maxBytes(options));
  const parsed = await parseFiles(
    listing.files.map((file) => file.path),
    options,
  );
  const articles: Article[] = [];
  const skipped: SkippedFile[] = [...listing.skipped];
  const warnings: LoadWarning[] = [];
  const files = listing.files.map((file, i): FileEntry => {
    const result = parsed[i]!;
    if ('skip' in result) {
      skipped.push({ path: file.path, reason: result.skip });
      return fileEntry(file, null);
    }
    articles.push(result.article);
    warnings.push(...result.warnings);
    return fileEntry(file, result.article.id);
  });
  return { articles: mergeDuplicates(articles).articles, skipped: byPath(skipped), warnings, files, stamp: listing.stamp };
}

/**
 * A listed file with the id of its article. Written out, not `{ ...stamp, id }`: V8 (Node 20) gives each object
 * spread from one with a double field (`mtimeMs`) a hidden class of its own, ~350 bytes more per file.
 */
function fileEntry(stamp: FileStamp, id: string | null): FileEntry {
  return { path: stamp.path, size: stamp.size, mtimeMs: stamp.mtimeMs, ino: stamp.ino, id };
}

/**
 * What changed in `dir` since `since` (its files as last read), or undefined when more than minFiles and
 * maxChangedShare of its files did (a whole load is then cheaper than merging so many changes in).
 */
export async function folderChanges(dir: string, since: Pick<SourceLoad, 'skipped' | 'warnings'> & { files: readonly FileEntry[] }, options: LoadOptions): Promise<SourceChanges | undefined> {
  const listing = await listFileStamps([dir], maxBytes(options), since.files);
  const { changed, gone, files } = await compare(since.files, listing.files);
  const count = changed.length + gone.length;
  if (count > FOLDER_CHANGES_DEFAULTS.minFiles && count > FOLDER_CHANGES_DEFAULTS.maxChangedShare * Math.max(listing.files.length, since.files.length)) return undefined;
  // Read on this thread in slices: the read-ahead helper posts batches of 64 files that are parsed back to
  // back (1,000 changed files held the serving thread 0.18 s); a change reads few files.
  const serving: LoadOptions = { ...options, readAhead: false, sliceMs: CHANGES_SLICE_MS };
  const parsed = new Map<string, ParsedFile>();
  (await parseFiles(changed.map((entry) => entry.path), serving)).forEach((result, i) => parsed.set(changed[i]!.path, result));
  const idOf = (result: ParsedFile): string | null => ('skip' in result ? null : result.article.id);
  // Every id a changed or removed file gave before or gives now: its article is made again from its files.
  const touched = new Set<string>();
  for (const file of gone) if (file.id !== null) touched.add(file.id);
  for (const entry of changed) {
    if (entry.before?.id) touched.add(entry.before.id);
    const now = idOf(parsed.get(entry.path)!);
    entry.file.id = now;
    if (now !== null) touched.add(now);
  }
  // Unchanged files that share an id with a changed one: read again, so the merge sees every copy.
  const pathsOf = touched.size ? await filesOf(files, touched) : new Map<string, string[]>();
  const again = [...pathsOf.values()].flat().filter((path) => !parsed.has(path));
  (await parseFiles(again, serving)).forEach((result, i) => parsed.set(again[i]!, result));
  const upserted: Article[] = [];
  const removed: string[] = [];
  for (const id of touched) {
    // A file read again may say something else by now (then its own change comes with the next look).
    const copies = (pathsOf.get(id) ?? []).flatMap((path) => {
      const result = parsed.get(path)!;
      return 'article' in result && result.article.id === id ? [result.article] : [];
    });
    if (copies.length === 0) removed.push(id);
    else upserted.push(mergeDuplicates(copies).articles[0]!);
  }
  // Skipped files and warnings: the unchanged files' as before, the changed files' as read now.
  const read = new Set(changed.map((entry) => entry.path));
  const wasSkipped = new Set(since.files.filter((file) => file.id === null).map((file) => file.path));
  const left = new Set(gone.map((file) => file.path));
  const present = (path: string) => !read.has(path) && !left.has(path);
  const skipped = [...listing.skipped, ...since.skipped.filter((entry) => wasSkipped.has(entry.path) && present(entry.path))];
  const warnings = since.warnings.filter((warning) => present(warning.path));
  for (const { path } of changed) {
    const result = parsed.get(path)!;
    if ('skip' in result) skipped.push({ path, reason: result.skip });
    else warnings.push(...result.warnings);
  }
  return { upserted, removed, skipped: byPath(skipped), warnings, files, stamp: listing.stamp };
}

/** A file added or changed since: its new entry (id set once read) and the old one, if any. */
interface Changed {
  path: string;
  file: FileEntry;
  before?: FileEntry;
}

/** Both lists sorted by path, walked side by side: files added or changed, files gone, the new entries. */
async function compare(before: readonly FileEntry[], now: readonly FileStamp[]): Promise<{ changed: Changed[]; gone: FileEntry[]; files: FileEntry[] }> {
  const changed: Changed[] = [];
  const gone: FileEntry[] = [];
  const files: FileEntry[] = [];
  let j = 0;
  for (let i = 0; i < now.length; i++) {
    const stamp = now[i]!;
    while (j < before.length && before[j]!.path < stamp.path) gone.push(before[j++]!);
    const old = j < before.length && before[j]!.path === stamp.path ? before[j++] : undefined;
    if (old && sameFile(old, stamp)) files.push(old);
    else {
      const file = fileEntry(stamp, null);
      files.push(file);
      changed.push({ path: stamp.path, file, ...(old && { before: old }) });
    }
    if (i % COMPARE_STEP === COMPARE_STEP - 1) await breath();
  }
  while (j < before.length) gone.push(before[j++]!);
  return { changed, gone, files };
}

/** The paths of the files giving each of `ids`, in path order. */
async function filesOf(files: readonly FileEntry[], ids: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const paths = new Map<string, string[]>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    if (file.id !== null && ids.has(file.id)) (paths.get(file.id) ?? paths.set(file.id, []).get(file.id)!).push(file.path);
    if (i % COMPARE_STEP === COMPARE_STEP - 1) await breath();
  }
  return paths;
}

/** Files looked at between checks of the slice shared with other work (a bot with 100k files keeps answering meanwhile). */
const COMPARE_STEP = 4096;
/** Longest the files a change reads are parsed before yielding, in ms. */
const CHANGES_SLICE_MS = 10;
const breath = () => slice(CHANGES_SLICE_MS);


const maxBytes = (options: LoadOptions): number => options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

function byPath(skipped: SkippedFile[]): SkippedFile[] {
  return skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Files as one string (a row per file), made in steps: handed to the rebuild worker, where a clone of 100k
 * entry objects would hold the serving thread ~0.5–1 s and a string is copied at once.
 */
export function* packFiles(files: readonly FileEntry[]): Generator<void, string, void> {
  const parts: string[] = [];
  for (let start = 0; start < files.length; start += PACK_STEP) {
    parts.push(files.slice(start, start + PACK_STEP).map((file) => `${file.path}\0${file.size}\0${file.mtimeMs}\0${file.ino}\0${file.id ?? ''}\n`).join(''));
    yield;
  }
  return parts.join('');
}

export function unpackFiles(packed: string): FileEntry[] {
  return packed
    .split('\n')
    .slice(0, -1)
    .map((row) => {
      const [path, size, mtimeMs, ino, id] = row.split('\0') as [string, string, string, string, string];
      return { path, size: Number(size), mtimeMs: Number(mtimeMs), ino: Number(ino), id: id || null };
    });
}

const PACK_STEP = 4096;
