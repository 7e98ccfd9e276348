// Loading a corpus: every article file under the given directories, read in parallel (bounded), parsed by
// content, normalized, duplicates merged. Bad files never stop a load: each is loaded (maybe with warnings)
// or skipped with its reason, so loaded + skipped = files seen.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';
import { listArticleFiles } from './files.ts';
import { mergeDuplicates } from './merge.ts';
import { parseArticleFile } from './parse-file.ts';
import { readCapped } from './read-capped.ts';
import { readTaxonomy, taxonomyFiles, type Taxonomy } from './taxonomy.ts';

export interface LoadOptions {
  /** Files larger than this are skipped unread (default 1 MiB). */
  maxFileBytes?: number;
  /** Default: taxonomy/topics.yaml alone (the CLI and the bot add TOPICS_FILE). */
  taxonomy?: Taxonomy;
  /** Files read at once (default 64). */
  concurrency?: number;
}

export interface CorpusLoad {
  articles: Article[];
  /** Article files seen: loaded (before merging duplicates) + skipped. */
  files: number;
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  /** Files whose article merged into another with the same id. */
  duplicates: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

let repositoryTaxonomy: Promise<Taxonomy> | undefined;

/** taxonomy/topics.yaml, read once. */
export function defaultTaxonomy(): Promise<Taxonomy> {
  repositoryTaxonomy ??= readTaxonomy(taxonomyFiles({}));
  return repositoryTaxonomy;
}

/** Throws CorpusDirectoryError when a directory does not exist; everything else is reported per file. */
export async function loadCorpus(dirs: string[], options: LoadOptions = {}): Promise<CorpusLoad> {
  const taxonomy = options.taxonomy ?? (await defaultTaxonomy());
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const lists = await Promise.all(dirs.map((dir) => listArticleFiles(dir)));
  const paths = [...new Set(lists.flat())];
  const results = await mapBounded(paths, options.concurrency ?? 64, async (path) => {
    try {
      const read = await readCapped(path, maxBytes);
      if ('oversize' in read) return { skip: `oversize: ${read.oversize} bytes (limit ${maxBytes})` };
      return parseArticleFile(path, read.bytes, taxonomy);
    } catch (error) {
      return { skip: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  });
  const loaded: Article[] = [];
  const skipped: SkippedFile[] = [];
  const warnings: LoadWarning[] = [];
  results.forEach((result, i) => {
    if ('skip' in result) skipped.push({ path: paths[i]!, reason: result.skip });
    else {
      loaded.push(result.article);
      warnings.push(...result.warnings);
    }
  });
  const merged = mergeDuplicates(loaded);
  return { articles: merged.articles, files: paths.length, skipped, warnings, duplicates: merged.duplicates };
}

/** `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
