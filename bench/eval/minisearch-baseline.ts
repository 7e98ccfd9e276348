// The honest BM25 baseline printed next to the bot: MiniSearch 7 over title, excerpt and body, terms folded
// the project's way (foldedTerms: lowercase, no diacritics), all-words matches first, then any-word matches to
// fill the list. `poolSearch` is a looser variant used only to widen the judging pool.
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Article } from '../../src/types.ts';
import { foldedTerms } from '../../src/text/fold.ts';

type Field = 'title' | 'excerpt' | 'body';

const FIELDS: Field[] = ['title', 'excerpt', 'body'];
const BOOST: Record<Field, number> = { title: 2, excerpt: 1.5, body: 1 };

export class MiniSearchBaseline {
  private readonly index: MiniSearch<{ id: number } & Pick<Article, Field>>;
  private readonly articles: readonly Article[];

  /** `tokenize` splits a text into index terms; the baseline folds them (a pool-only variant keeps accents). */
  constructor(articles: readonly Article[], tokenize: (text: string) => string[] = foldedTerms) {
    this.articles = articles;
    this.index = new MiniSearch({
      fields: FIELDS,
      tokenize,
      processTerm: (term) => term,
      searchOptions: { boost: BOOST },
    });
    this.index.addAll(articles.map((article, id) => ({ id, title: article.title, excerpt: article.excerpt, body: article.body })));
  }

  /** BM25, every word required; when that finds fewer than `limit`, any-word matches are appended. */
  search(query: string, limit: number): Article[] {
    const all = this.run(query, { combineWith: 'AND' });
    if (all.length >= limit) return all.slice(0, limit);
    const seen = new Set(all);
    return [...all, ...this.run(query, { combineWith: 'OR' }).filter((article) => !seen.has(article))].slice(0, limit);
  }

  /** Pool-only: any word, the last one also as a prefix, fuzzy matching (edit distance 20% of a term). */
  poolSearch(query: string, limit: number): Article[] {
    return this.run(query, { combineWith: 'OR', prefix: (_term, i, terms) => i === terms.length - 1, fuzzy: 0.2 }).slice(0, limit);
  }

  private run(query: string, options: SearchOptions): Article[] {
    return this.index.search(query, options).map((hit) => this.articles[hit.id as number]!);
  }
}
