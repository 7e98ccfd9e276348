// A folder's articles file by file: a load remembers what each file gave (its stamp and its article's id),
// so that the next look lists and stats the folder, reads only the files added or changed, and tells what
// happened to the articles. Files with the same article (the same canonical URL, or the same text) are merged
// as the loader merges them (src/corpus/merge.ts: in path order, the first file's fields win), so when one of
// them changes, goes, or its article moves to another id, every file of each id involved is read again.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';
import { listFileStamps, sameFile, stampOf, type FileStamp } from '../corpus/files-stamp.ts';
import { DEFAULT_MAX_FILE_BYTES, parseFiles, type LoadOptions } from '../corpus/load.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import type { ParsedFile } from '../corpus/parse-file.ts';
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
  const listing = await listFileStamps([dir]);
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
      return { ...file, id: null };
    }
    articles.push(result.article);
    warnings.push(...result.warnings);
    return { ...file, id: result.article.id };
  });
  return { articles: mergeDuplicates(articles).articles, skipped: byPath(skipped), warnings, files, stamp: stampOf(listing, maxBytes(options)) };
}

/**
 * What changed in `dir` since `since` (its files as last read), or undefined when more than minFiles and
 * maxChangedShare of its files did (a whole load is then cheaper than merging so many changes in).
 */
export async function folderChanges(dir: string, since: Pick<SourceLoad, 'skipped' | 'warnings'> & { files: readonly FileEntry[] }, options: LoadOptions): Promise<SourceChanges | undefined> {
  const listing = await listFileStamps([dir]);
  const before = new Map(since.files.map((file) => [file.path, file]));
  const present = new Set(listing.files.map((file) => file.path));
  const changed = listing.files.filter((file) => !sameFile(before.get(file.path) ?? NO_FILE, file)).map((file) => file.path);
  const gone = since.files.filter((file) => !present.has(file.path));
  const count = changed.length + gone.length;
  if (count > FOLDER_CHANGES_DEFAULTS.minFiles && count > FOLDER_CHANGES_DEFAULTS.maxChangedShare * Math.max(listing.files.length, since.files.length)) return undefined;
  const parsed = new Map<string, ParsedFile>();
  (await parseFiles(changed, options)).forEach((result, i) => parsed.set(changed[i]!, result));
  const idOf = (result: ParsedFile): string | null => ('skip' in result ? null : result.article.id);
  // Every id a changed or removed file gave before or gives now: its article is made again from its files.
  const touched = new Set<string>();
  for (const file of gone) if (file.id !== null) touched.add(file.id);
  for (const path of changed) {
    const old = before.get(path)?.id;
    if (old) touched.add(old);
    const now = idOf(parsed.get(path)!);
    if (now !== null) touched.add(now);
  }
  const files = listing.files.map((file): FileEntry => {
    const result = parsed.get(file.path);
    return result ? { ...file, id: idOf(result) } : before.get(file.path)!;
  });
  // Unchanged files that share an id with a changed one: read again, so the merge sees every copy.
  const pathsOf = new Map<string, string[]>();
  for (const file of files) if (file.id !== null && touched.has(file.id)) (pathsOf.get(file.id) ?? pathsOf.set(file.id, []).get(file.id)!).push(file.path);
  const again = [...pathsOf.values()].flat().filter((path) => !parsed.has(path));
  (await parseFiles(again, options)).forEach((result, i) => parsed.set(again[i]!, result));
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
  const read = new Set(changed);
  const kept = (path: string) => present.has(path) && !read.has(path);
  const perFile = since.skipped.filter((entry) => kept(entry.path) && before.get(entry.path)?.id === null);
  const skipped = [...listing.skipped, ...perFile];
  const warnings = since.warnings.filter((warning) => kept(warning.path));
  for (const path of changed) {
    const result = parsed.get(path)!;
    if ('skip' in result) skipped.push({ path, reason: result.skip });
    else warnings.push(...result.warnings);
  }
  return { upserted, removed, skipped: byPath(skipped), warnings, files, stamp: stampOf(listing, maxBytes(options)), read: parsed.size };
}

const NO_FILE: FileStamp = { path: '', size: -1, mtimeMs: -1, ino: -1 };

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
