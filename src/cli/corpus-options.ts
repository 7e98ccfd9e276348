// What the corpus subcommands share: loading --corpus directories with the taxonomy (TOPICS_FILE
// included), --limit parsing, and printing articles for people.
import { join, resolve } from 'node:path';
import type { Article, SkippedFile } from '../types.ts';
import { DEFAULT_DATA_DIR } from '../config/config.ts';
import { CorpusDirectoryError } from '../corpus/files.ts';
import { loadCorpus, type CorpusLoad } from '../corpus/load.ts';
import { readTaxonomy, TaxonomyError, taxonomyFiles, type Taxonomy } from '../corpus/taxonomy.ts';
import { CorpusHolder } from '../index/corpus-holder.ts';
import type { CorpusIndex } from '../index/corpus-index.ts';
import { SNAPSHOT_DIR } from '../index/snapshot/corpus-snapshot.ts';
import type { ArticleSource } from '../sources/source.ts';
import { FolderSource } from '../sources/folder-source.ts';
import { CliError, NotFoundError, type CliContext } from './command.ts';
import { closeMatches } from '../text/close-matches.ts';
import { plain, table, type Style } from './terminal.ts';

/** The files of `dirs` (corpus check and diff: files only). */
export async function loadForCli(ctx: CliContext, dirs = ctx.corpusDirs): Promise<{ load: CorpusLoad; taxonomy: Taxonomy }> {
  try {
    const taxonomy = await readTaxonomy(taxonomyFiles(ctx.io.env));
    return { load: await loadCorpus(dirs, { taxonomy, maxFileBytes: maxFileBytesOf(ctx) }), taxonomy };
  } catch (error) {
    throw asCliError(error);
  }
}

function maxFileBytesOf(ctx: CliContext): number | undefined {
  const maxFileBytes = ctx.io.env.CORPUS_MAX_FILE_BYTES ? Number(ctx.io.env.CORPUS_MAX_FILE_BYTES) : undefined;
  if (maxFileBytes !== undefined && !(maxFileBytes > 0)) throw new CliError(`CORPUS_MAX_FILE_BYTES must be a positive number of bytes, got "${ctx.io.env.CORPUS_MAX_FILE_BYTES}"`);
  return maxFileBytes;
}

function asCliError(error: unknown): unknown {
  return error instanceof CorpusDirectoryError || error instanceof TaxonomyError ? new CliError(error.message) : error;
}

/**
 * What the bot serves, opened as the bot opens it: one source per folder, then the feed articles persisted
 * by the bot or `newsbot sources fetch` (SOURCES_FILE; on a shared id the file wins). Restored from the
 * snapshot under DATA_DIR when nothing changed (docs/corpus.md, "Snapshot"); a rebuild says why on stderr.
 * For news, search, show and summary.
 */
export async function corpusForCli(ctx: CliContext): Promise<{ index: CorpusIndex; skipped: SkippedFile[] }> {
  try {
    const dataDir = resolve(ctx.io.cwd, ctx.io.env.DATA_DIR?.trim() || DEFAULT_DATA_DIR);
    const snapshotDir = join(dataDir, SNAPSHOT_DIR);
    const taxonomy = await readTaxonomy(taxonomyFiles(ctx.io.env), { cacheDir: snapshotDir });
    const maxFileBytes = maxFileBytesOf(ctx);
    const sources: ArticleSource[] = ctx.corpusDirs.map((dir) => new FolderSource(dir, { taxonomy, maxFileBytes }));
    // sources.ts brings the feed parser, the store and the poller (~0.5 s of loading): only when there are feeds.
    const feeds = ctx.io.env.SOURCES_FILE?.trim() ? await (await import('./sources.ts')).persistedFeedArticles(ctx) : [];
    if (feeds.length) sources.push({ id: 'feeds:persisted', describe: () => 'feed articles persisted in the store', load: async () => ({ articles: feeds, skipped: [], warnings: [] }) });
    const holder = await CorpusHolder.open(sources, { taxonomy, readOnly: true, snapshot: { dir: snapshotDir, log: (message) => ctx.io.stderr(`${message}\n`), lazyText: true, lazyArticles: true } });
    return { index: holder.current, skipped: holder.skipped() };
  } catch (error) {
    throw asCliError(error);
  }
}

export async function indexForCli(ctx: CliContext): Promise<CorpusIndex> {
  return (await corpusForCli(ctx)).index;
}

/** A topic the corpus does not have, with the names a typo away from it (never an unrelated one). */
export function unknownTopic(index: CorpusIndex, asked: string): NotFoundError {
  const near = closeMatches(asked, index.topics().map((topic) => topic.name));
  const hint = near.length ? `; did you mean ${near.join(' or ')}?` : '';
  return new NotFoundError(`no topic "${asked}" in the corpus${hint} (\`newsbot corpus check\` lists every topic)`);
}

export const LIMIT_OPTION = { limit: { type: 'string', short: 'n' } } as const;

export function limitOf(ctx: CliContext, fallback = 10): number {
  const raw = ctx.values.limit;
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a whole number ≥ 1, got "${String(raw)}"`);
  return limit;
}

/** One article as a few readable lines: title, then facts, then where to find it. */
export function articleLines(article: Article, rank?: number, style: Style = plain): string {
  const head = `${rank === undefined ? '' : `${String(rank).padStart(2)}. `}${style.bold(article.title)}`;
  const facts = [
    style.yellow(`heat ${article.heat}`),
    article.provider.name ?? article.provider.domain,
    article.publishedAt?.slice(0, 10),
    article.language,
    article.topics.length ? style.cyan(article.topics.join(', ')) : undefined,
  ].filter(Boolean);
  return [head, `    ${facts.join(style.dim(' · '))}`, style.dim(`    id ${article.id}${article.url ? `  ${article.url}` : ''}`)].join('\n');
}

export function articleList(articles: Article[], empty: string, style: Style = plain): string {
  return articles.length ? articles.map((article, i) => articleLines(article, i + 1, style)).join('\n') : empty;
}

/** Name/count pairs as a two-column table, counts aligned right. */
export function countTable(counts: Record<string, number>, style: Style = plain): string[] {
  return table(Object.entries(counts).map(([name, n]) => [`  ${name}`, style.yellow(String(n))]), [1]);
}
