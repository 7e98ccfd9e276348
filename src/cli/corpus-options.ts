// What the corpus subcommands share: loading --corpus directories with the taxonomy (TOPICS_FILE
// included), --limit parsing, and printing articles for people.
import type { Article } from '../types.ts';
import { CorpusDirectoryError } from '../corpus/files.ts';
import { loadCorpus, type CorpusLoad } from '../corpus/load.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import { readTaxonomy, TaxonomyError, taxonomyFiles, type Taxonomy } from '../corpus/taxonomy.ts';
import { CorpusIndex } from '../index/corpus-index.ts';
import { CliError, type CliContext } from './command.ts';

/** The files of `dirs` (corpus check and diff: files only). */
export async function loadForCli(ctx: CliContext, dirs = ctx.corpusDirs): Promise<{ load: CorpusLoad; taxonomy: Taxonomy }> {
  try {
    const taxonomy = await readTaxonomy(taxonomyFiles(ctx.io.env));
    const maxFileBytes = ctx.io.env.CORPUS_MAX_FILE_BYTES ? Number(ctx.io.env.CORPUS_MAX_FILE_BYTES) : undefined;
    if (maxFileBytes !== undefined && !(maxFileBytes > 0)) throw new CliError(`CORPUS_MAX_FILE_BYTES must be a positive number of bytes, got "${ctx.io.env.CORPUS_MAX_FILE_BYTES}"`);
    return { load: await loadCorpus(dirs, { taxonomy, maxFileBytes }), taxonomy };
  } catch (error) {
    if (error instanceof CorpusDirectoryError || error instanceof TaxonomyError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * What the bot serves: the files, then the feed articles persisted by the bot or `newsbot sources fetch`
 * (SOURCES_FILE); on a shared id the file wins, as in the bot. For news, search, show and summary.
 */
export async function articlesForCli(ctx: CliContext): Promise<{ articles: Article[]; taxonomy: Taxonomy; load: CorpusLoad }> {
  const { load, taxonomy } = await loadForCli(ctx);
  const feeds = await (await import('./sources.ts')).persistedFeedArticles(ctx);
  return { articles: feeds.length ? mergeDuplicates([...load.articles, ...feeds]).articles : load.articles, taxonomy, load };
}

export async function indexForCli(ctx: CliContext): Promise<CorpusIndex> {
  const { articles, taxonomy } = await articlesForCli(ctx);
  return CorpusIndex.build(articles, taxonomy);
}

export const LIMIT_OPTION = { limit: { type: 'string', short: 'n' } } as const;

export function limitOf(ctx: CliContext, fallback = 10): number {
  const raw = ctx.values.limit;
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a whole number ≥ 1, got "${String(raw)}"`);
  return limit;
}

/** One article as a few readable lines. */
export function articleLines(article: Article, rank?: number): string {
  const head = `${rank === undefined ? '' : `${String(rank).padStart(2)}. `}${article.title}`;
  const facts = [
    `heat ${article.heat}`,
    article.provider.name ?? article.provider.domain,
    article.publishedAt?.slice(0, 10),
    article.language,
    article.topics.length ? article.topics.join(', ') : undefined,
  ].filter(Boolean);
  return [head, `    ${facts.join(' · ')}`, `    id ${article.id}${article.url ? `  ${article.url}` : ''}`].join('\n');
}

export function articleList(articles: Article[], empty: string): string {
  return articles.length ? articles.map((article, i) => articleLines(article, i + 1)).join('\n') : empty;
}
