// A front-matter file → Article. Every field the seeds and the shared corpus use is read; a field of the
// wrong type is dropped with a warning (naming its line) and derived instead where the article needs it.
import type { Article, LoadWarning } from '../types.ts';
import { cleanFields } from '../text/clean-html.ts';
import { detectLanguage } from '../text/language.ts';
import { givenTopicScores, inferTopics } from './infer-topics.ts';
import { derivedHeat } from './plain-article.ts';
import { excerptOf, parsePlainText } from './plain-text.ts';
import { dateFromFileName, isoDate } from './published-at.ts';
import type { YamlValue } from './simple-yaml.ts';
import type { Taxonomy } from './taxonomy.ts';
import { articleId, canonicalUrl, domainOf } from './url.ts';

type Fields = Record<string, YamlValue>;

const URL_FIELDS = ['originalUrl', 'webUrl', 'url', 'link', 'canonicalUrl'];
const DATE_FIELDS = ['publishedDateTime', 'publishedAt', 'published_at', 'date', 'pubDate'];

export interface FrontMatterInput {
  data: Fields;
  yaml: string;
  body: string;
  path: string;
}

export function frontMatterArticle(input: FrontMatterInput, taxonomy: Taxonomy): { article: Article; warnings: LoadWarning[] } | { skip: string } {
  const { data, path } = input;
  const warnings: LoadWarning[] = [];
  const warn = (field: string, message: string): void => {
    const line = lineOf(input.yaml, field);
    warnings.push(line === undefined ? { path, message: `${field}: ${message}` } : { path, line, message: `${field}: ${message}` });
  };
  const body = input.body.trim();
  const text = (field: string): string | undefined => {
    const value = data[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number') return String(value);
    warn(field, `expected text, got ${describe(value)}; ignored`);
    return undefined;
  };

  const title = text('title') || (body ? parsePlainText(body, detectLanguage(body))?.title : undefined);
  if (!title) return { skip: 'no title (front matter has no title and the body is empty)' };
  const language = languageOf(text('language') ?? text('lang')) ?? detectLanguage(`${title}\n${text('excerpt') ?? ''}\n${body}`);
  const excerpt = text('excerpt') || (body ? excerptOf(body, language) : '');
  const url = firstUrl(data, warn);
  // Clean text from here on; the id below hashes the text as written, so cleaning never changes an id.
  const fields = cleanFields({ title, excerpt, body });

  // Keyword inference only when the file leaves topics or heat to be derived.
  let inferred: ReturnType<typeof inferTopics> | undefined;
  const infer = (): ReturnType<typeof inferTopics> => (inferred ??= inferTopics(taxonomy, fields, language));
  const given = topicList(data.topics, taxonomy, (message) => warn('topics', message));
  const topics = given.length > 0 ? given : infer().topics;
  // The editor's topics are certain; inferred ones carry their confidence.
  const topicScores = given.length > 0 ? givenTopicScores(given) : infer().scores;
  const heat = numberField(data, 'heat', warn) ?? derivedHeat(fields, infer().score);

  return {
    article: {
      id: articleId(url, title, body),
      ...fields,
      url,
      publishedAt: firstDate(data, warn) ?? dateFromFileName(path),
      provider: providerOf(data.provider, url, (message) => warn('provider', message)),
      topics,
      topicScores,
      heat,
      quality: numberField(data, 'quality', warn) ?? null,
      language,
      type: text('type') || 'article',
      image: imageOf(data),
      source: path,
    },
    warnings,
  };
}

function describe(value: YamlValue): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' && value !== null ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

/** 1-based file line of a top-level key (the opening `---` is line 1). */
function lineOf(yaml: string, field: string): number | undefined {
  const match = new RegExp(`^${field}\\s*:`, 'm').exec(yaml);
  return match ? yaml.slice(0, match.index).split('\n').length + 1 : undefined;
}

function languageOf(value: string | undefined): string | undefined {
  const code = value?.toLowerCase().slice(0, 2);
  return code && /^[a-z]{2}$/.test(code) ? code : undefined;
}

type Warn = (field: string, message: string) => void;

function numberField(data: Fields, field: string, warn: Warn): number | undefined {
  const value = data[field];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isFinite(number)) return number;
  warn(field, `${describe(value)} is not a number; ${field === 'heat' ? 'derived from the text instead' : 'dropped'}`);
  return undefined;
}

function firstUrl(data: Fields, warn: Warn): string | null {
  for (const field of URL_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null || value === '') continue;
    const url = typeof value === 'string' ? canonicalUrl(value) : undefined;
    if (url) return url;
    warn(field, `${describe(value)} is not an http(s) URL; ignored`);
  }
  return null;
}

function firstDate(data: Fields, warn: Warn): string | undefined {
  for (const field of DATE_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null) continue;
    const iso = isoDate(value);
    if (iso) return iso;
    warn(field, `${describe(value)} is not a date; ignored`);
  }
  return undefined;
}

function topicList(value: YamlValue | undefined, taxonomy: Taxonomy, warn: (message: string) => void): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!list) {
    warn(`expected a list of names, got ${describe(value)}; topics inferred instead`);
    return [];
  }
  const topics = new Set<string>();
  for (const item of list) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      warn(`entry ${describe(item)} is not a name; dropped`);
      continue;
    }
    const name = String(item).trim().replace(/\s+/g, ' ');
    if (name) topics.add(taxonomy.canonical(name) ?? name);
  }
  return [...topics];
}

function providerOf(value: YamlValue | undefined, url: string | null, warn: (message: string) => void): Article['provider'] {
  const fallbackDomain = url ? domainOf(url) : null;
  if (typeof value === 'string') return { name: value.trim() || null, domain: fallbackDomain };
  if (value === undefined || value === null) return { name: null, domain: fallbackDomain };
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    warn(`expected a name or {name, domain}, got ${describe(value)}; ignored`);
    return { name: null, domain: fallbackDomain };
  }
  const name = typeof value.name === 'string' && value.name.trim() ? value.name.trim() : null;
  const domain = typeof value.domain === 'string' && value.domain.trim() ? value.domain.trim().toLowerCase() : fallbackDomain;
  return { name, domain };
}

function imageOf(data: Fields): string | null {
  const images = data.images;
  const candidates: unknown[] = [
    ...(Array.isArray(images) ? images.map((image) => (typeof image === 'string' ? image : (image as { url?: unknown } | null)?.url)) : []),
    typeof data.image === 'string' ? data.image : (data.image as { url?: unknown } | null | undefined)?.url,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && /^https?:\/\//i.test(candidate.trim())) return candidate.trim();
  }
  return null;
}
