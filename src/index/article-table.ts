// An index's articles by document number (hot order). A built index holds them as an array; an index
// restored from a snapshot makes each article an object only when a command first touches it
// (src/index/snapshot/articles.ts), so a CLI call on 100k articles builds the ten it prints, not 100k.
import type { Article } from '../types.ts';
import type { Steps } from './snapshot/slices.ts';

export interface ArticleTable {
  readonly length: number;
  /** The article numbered `doc` (0 ≤ doc < length). */
  at(doc: number): Article;
  /** Every article, hottest first (a restored table makes the ones not made yet, all at once). */
  all(): readonly Article[];
  /** The same, made in steps (slices.ts): the same array as all(). */
  allSteps(): Steps<readonly Article[]>;
}

export function arrayTable(articles: readonly Article[]): ArticleTable {
  return {
    length: articles.length,
    at: (doc) => articles[doc]!,
    all: () => articles,
    *allSteps() {
      return articles;
    },
  };
}

/** What an index reads of its articles without making them: topics and languages by document number. */
export interface ArticleColumns {
  /** Each topic (as articles spell it) → its documents, hottest first. */
  topics: Map<string, Uint32Array>;
  /** The languages present, and each document's (an index into `languages`). */
  languages: string[];
  language: Uint16Array;
}

export function articleColumns(articles: readonly Article[]): ArticleColumns {
  const topics = new Map<string, number[]>();
  const languages: string[] = [];
  const languageNumber = new Map<string, number>();
  const language = new Uint16Array(articles.length);
  articles.forEach((article, doc) => {
    for (const topic of article.topics) {
      const docs = topics.get(topic);
      if (docs) docs.push(doc);
      else topics.set(topic, [doc]);
    }
    let n = languageNumber.get(article.language);
    if (n === undefined) languageNumber.set(article.language, (n = languages.push(article.language) - 1));
    language[doc] = n;
  });
  return { topics: new Map([...topics].map(([topic, docs]) => [topic, Uint32Array.from(docs)])), languages, language };
}
