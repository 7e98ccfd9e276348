// Loading a corpus: every article file under the given directories, read and parsed by content, normalized,
// duplicates merged. Bad files never stop a load: each is loaded (maybe with warnings) or skipped with its
// reason, so loaded + skipped = files seen.
//
// A large corpus is read on a helper thread (read-ahead.ts) while this thread parses; a small one is read
// synchronously in time slices. Either way files are parsed in order on this thread, yielding to the event
// loop between batches or slices, so a bot reseeding 100k files keeps answering. Async reads per file (open,
// stat, read, close on the thread pool, a promise each) measured 1.5× slower than the whole sync pipeline.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';
import { listArticleFiles } from './files.ts';
import { BodySpill } from './body-spill.ts';
import { mergeDuplicates } from './merge.ts';
import { parseArticleFile, type ParsedFile } from './parse-file.ts';
import { readAhead, type ReadOutcome } from './read-ahead.ts';
import { readCappedSync } from './read-capped.ts';
import { readTaxonomy, taxonomyFiles, type Taxonomy } from './taxonomy.ts';

export interface LoadOptions {
  /** Files larger than this are skipped unread (default 1 MiB). */
  maxFileBytes?: number;
  /** Default: taxonomy/topics.yaml alone (the CLI and the bot add TOPICS_FILE). */
  taxonomy?: Taxonomy;
  /** Longest the load holds the event loop before yielding, in ms (default 20), when reading on this thread. */
  sliceMs?: number;
  /** Read on a helper thread while parsing here (default: when there are 500 files or more). */
  readAhead?: boolean;
  /** Keep bodies in a temporary file, not the heap (body-spill.ts; default: when there are 500 files or more). */
  spillBodies?: boolean;
}

export interface CorpusLoad {
  articles: Article[];
  /** Article files seen: loaded (before merging duplicates) + skipped (walk entries not followed included). */
  files: number;
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  /** Files whose article merged into another with the same id. */
  duplicates: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const DEFAULT_SLICE_MS = 20;
/** Below this many files a helper thread costs more to start than it saves (and the bodies are a small heap). */
const LARGE_LOAD_FILES = 500;

let repositoryTaxonomy: Promise<Taxonomy> | undefined;

/** taxonomy/topics.yaml, read once. */
export function defaultTaxonomy(): Promise<Taxonomy> {
  repositoryTaxonomy ??= readTaxonomy(taxonomyFiles({}));
  return repositoryTaxonomy;
}

/** Throws CorpusDirectoryError when a directory does not exist; everything else is reported per file. */
export async function loadCorpus(dirs: string[], options: LoadOptions = {}): Promise<CorpusLoad> {
  const { files: paths, skipped: walkSkipped } = await listArticleFiles(dirs);
  const results = await parseFiles(paths, options);
  const loaded: Article[] = [];
  const skipped: SkippedFile[] = [...walkSkipped];
  const warnings: LoadWarning[] = [];
  results.forEach((result, i) => {
    if ('skip' in result) skipped.push({ path: paths[i]!, reason: result.skip });
    else {
      loaded.push(result.article);
      warnings.push(...result.warnings);
    }
  });
  const merged = mergeDuplicates(loaded);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { articles: merged.articles, files: paths.length + walkSkipped.length, skipped, warnings, duplicates: merged.duplicates };
}

/**
 * Each file read and parsed, in order (no duplicates merged): what loadCorpus does per file, also used alone
 * by a folder source that parses only the files changed since its last load (src/sources/folder-files.ts).
 */
export async function parseFiles(paths: readonly string[], options: LoadOptions = {}): Promise<ParsedFile[]> {
  const taxonomy = options.taxonomy ?? (await defaultTaxonomy());
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const spill = (options.spillBodies ?? paths.length >= LARGE_LOAD_FILES) ? BodySpill.create() : undefined;
  const parse = (path: string, read: () => ReadOutcome): ParsedFile => {
    try {
      const outcome = read();
      if ('error' in outcome) return { skip: `unreadable: ${outcome.error}` };
      if ('oversize' in outcome) return { skip: `oversize: ${outcome.oversize} bytes (limit ${maxBytes})` };
      const parsed = parseArticleFile(path, outcome.bytes, taxonomy);
      return spill && 'article' in parsed ? { ...parsed, article: spill.keep(parsed.article) } : parsed;
    } catch (error) {
      return { skip: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  };
  if (options.readAhead ?? paths.length >= LARGE_LOAD_FILES) {
    const results = new Array<ParsedFile>(paths.length);
    await readAhead([...paths], maxBytes, (i, outcome) => (results[i] = parse(paths[i]!, () => outcome)));
    return results;
  }
  return mapInSlices(paths, options.sliceMs ?? DEFAULT_SLICE_MS, (path) => parse(path, () => readCappedSync(path, maxBytes)));
}

/** `fn` over `items` in order, yielding to the event loop whenever `sliceMs` has passed. */
async function mapInSlices<T, R>(items: readonly T[], sliceMs: number, fn: (item: T) => R): Promise<R[]> {
  const results = new Array<R>(items.length);
  let sliceEnd = performance.now() + sliceMs;
  for (let i = 0; i < items.length; i++) {
    results[i] = fn(items[i]!);
    if (performance.now() >= sliceEnd) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceEnd = performance.now() + sliceMs;
    }
  }
  return results;
}
