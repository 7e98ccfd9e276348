// One file's bytes → an Article, or the reason it cannot be one. The shape is decided by content.
import type { Article, LoadWarning } from '../types.ts';
import { decodeFile } from './decode.ts';
import { frontMatterArticle } from './front-matter-article.ts';
import { parseFrontMatter, splitFrontMatter } from './front-matter.ts';
import { plainTextArticle } from './plain-article.ts';
import type { Taxonomy } from './taxonomy.ts';

export type ParsedFile = { article: Article; warnings: LoadWarning[] } | { skip: string };

export function parseArticleFile(path: string, bytes: Uint8Array, taxonomy: Taxonomy): ParsedFile {
  const decoded = decodeFile(bytes);
  if ('skip' in decoded) return decoded;
  const warnings: LoadWarning[] = decoded.warnings.map((message) => ({ path, message }));
  const split = splitFrontMatter(decoded.text.replace(/^\ufeff/, ''));
  if (split.kind === 'unclosed') return { skip: 'front matter opened with --- on line 1 is never closed' };
  if (split.kind === 'plain') {
    const article = plainTextArticle(decoded.text.replace(/^\ufeff/, ''), path, taxonomy);
    return 'skip' in article ? article : { article, warnings };
  }
  const parsed = parseFrontMatter(split.yaml);
  if ('error' in parsed) return { skip: parsed.line === undefined ? parsed.error : `${parsed.error} (line ${parsed.line})` };
  const result = frontMatterArticle({ data: parsed.data, yaml: split.yaml, body: split.body, path }, taxonomy);
  return 'skip' in result ? result : { article: result.article, warnings: [...warnings, ...result.warnings] };
}
