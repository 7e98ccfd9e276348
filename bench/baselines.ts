// The baselines newsbot's corpus path is compared with, doing the same work the same way:
//   naiveLoad: the obvious synchronous loop, readFileSync + gray-matter per file, plain text split naively
//     (first line the title, the rest the body, its first paragraph the excerpt). It lists files with the same
//     function as newsbot, but does less per file: no id hash, no language detection, no topic inference, no
//     duplicate merge, no validation or warnings.
//   naive load + MiniSearch: the same loop, then MiniSearch 7 built over title, excerpt and body, configured as
//     the search evaluation's BM25 baseline (bench/eval/minisearch-baseline.ts: terms folded like newsbot's).
import { readFileSync } from 'node:fs';
import matter from 'gray-matter';
import type { Article } from '../src/types.ts';

/** gray-matter keeps every text it parsed, keyed by content: emptied so no run serves another from memory. */
export function clearGrayMatterCache(): void {
  const cache = (matter as unknown as { cache: Record<string, unknown> }).cache;
  for (const key of Object.keys(cache)) delete cache[key];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));

/** readFileSync + gray-matter per file, into Articles (fields newsbot would derive are left empty). */
export function naiveLoad(paths: readonly string[]): Article[] {
  const articles = paths.map((path): Article => {
    const raw = readFileSync(path, 'utf8');
    const { data, content } = matter(raw);
    let title: string;
    let excerpt: string;
    let body: string;
    if (raw.startsWith('---')) {
      title = text(data.title);
      excerpt = text(data.excerpt);
      body = content.trim();
    } else {
      const trimmed = raw.trim();
      const newline = trimmed.indexOf('\n');
      title = (newline === -1 ? trimmed : trimmed.slice(0, newline)).trim();
      body = newline === -1 ? '' : trimmed.slice(newline + 1).trim();
      const paragraphEnd = body.indexOf('\n');
      excerpt = paragraphEnd === -1 ? body : body.slice(0, paragraphEnd);
    }
    return {
      id: path,
      title,
      excerpt,
      body,
      url: text(data.originalUrl ?? data.webUrl) || null,
      publishedAt: null,
      provider: { name: null, domain: null },
      topics: Array.isArray(data.topics) ? data.topics.map(text) : [],
      topicScores: {},
      heat: Number(data.heat) || 0,
      quality: null,
      language: 'und',
      type: 'article',
      image: null,
      source: path,
    };
  });
  clearGrayMatterCache();
  return articles;
}
