// The topic taxonomy: canonical names, aliases that resolve to them, and keywords (per language) that put
// an article under a topic. The default lives in taxonomy/topics.yaml; admins extend it with TOPICS_FILE.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { TermScan, foldKey, foldedTerms } from '../text/fold.ts';

export interface TopicDefinition {
  name: string;
  aliases: string[];
  /** Keywords by ISO 639-1 code; "any" applies to every language. */
  keywords: Record<string, string[]>;
}

interface Phrase {
  terms: string[];
  /** TermScan hashes of `terms`, compared before the words themselves. */
  hashes: number[];
  topic: number;
}

/** Keyword phrases by the hash of their first word, and a bitmap of those hashes (low bits) to skip the rest. */
interface PhraseTable {
  byFirst: Map<number, Phrase[]>;
  firsts: Uint8Array;
}

const FILTER_SIZE = 1 << 16;
const FILTER_MASK = FILTER_SIZE - 1;

export class Taxonomy {
  readonly topics: readonly TopicDefinition[];
  private readonly byKey = new Map<string, string>();
  /** Language → hash of the first folded term → phrases starting with it. */
  private readonly phrases = new Map<string, Map<number, Phrase[]>>();
  private readonly merged = new Map<string, PhraseTable>();
  /** Reused by every countKeywords call (loads are synchronous per file). */
  private readonly scan = new TermScan();

  constructor(topics: TopicDefinition[]) {
    this.topics = topics;
    topics.forEach((topic, index) => {
      for (const name of [topic.name, ...topic.aliases]) this.byKey.set(foldKey(name), topic.name);
      for (const [language, keywords] of Object.entries(topic.keywords)) {
        let byFirst = this.phrases.get(language);
        if (!byFirst) this.phrases.set(language, (byFirst = new Map()));
        for (const keyword of keywords) {
          const terms = foldedTerms(keyword);
          const scan = new TermScan().scan(keyword);
          const first = scan.hashes[0];
          if (terms.length === 0 || first === undefined) continue;
          const list = byFirst.get(first) ?? [];
          list.push({ terms, hashes: Array.from(scan.hashes.subarray(0, scan.count)), topic: index });
          byFirst.set(first, list);
        }
      }
    });
  }

  /** The canonical name for a topic name or alias, ignoring case, accents and punctuation. */
  canonical(name: string): string | undefined {
    return this.byKey.get(foldKey(name));
  }

  /**
   * Keyword hits per topic name in `text`, counting each occurrence. Keywords of `language` and of "any"
   * apply; an undetermined language gets every list.
   */
  countKeywords(text: string, language: string): Map<string, number> {
    const { byFirst, firsts } = this.tableFor(language);
    const hits = new Map<string, number>();
    const scan = this.scan.scan(text);
    for (let i = 0; i < scan.count; i++) {
      const hash = scan.hashes[i]!;
      // Most words start no keyword: a bit says so without probing the map.
      if (firsts[hash & FILTER_MASK] === 0) continue;
      const phrases = byFirst.get(hash);
      if (phrases === undefined) continue;
      for (const phrase of phrases) {
        if (matchesAt(scan, text, i, phrase)) {
          const name = this.topics[phrase.topic]!.name;
          hits.set(name, (hits.get(name) ?? 0) + 1);
        }
      }
    }
    return hits;
  }

  /** One table per language (its keywords + "any"; every list for "und"), built on first use. */
  private tableFor(language: string): PhraseTable {
    const key = language === 'und' || this.phrases.has(language) ? language : 'any';
    let table = this.merged.get(key);
    if (table) return table;
    const byFirst = new Map<number, Phrase[]>();
    // A language without keywords of its own gets the "any" list once, not twice.
    const sources = key === 'und' ? [...this.phrases.values()] : key === 'any' ? [this.phrases.get('any')] : [this.phrases.get(key), this.phrases.get('any')];
    for (const source of sources) {
      for (const [first, phrases] of source ?? []) byFirst.set(first, [...(byFirst.get(first) ?? []), ...phrases]);
    }
    const firsts = new Uint8Array(FILTER_SIZE);
    for (const first of byFirst.keys()) firsts[first & FILTER_MASK] = 1;
    table = { byFirst, firsts };
    this.merged.set(key, table);
    return table;
  }
}

/** Whether `phrase` starts at word `at` of the scanned `text`: hashes first, then the words themselves. */
function matchesAt(scan: TermScan, text: string, at: number, phrase: Phrase): boolean {
  const { terms, hashes } = phrase;
  if (at + terms.length > scan.count) return false;
  for (let k = 0; k < terms.length; k++) if (scan.hashes[at + k] !== hashes[k]) return false;
  for (let k = 0; k < terms.length; k++) if (!scan.equals(text, at + k, terms[k]!)) return false;
  return true;
}

/** The taxonomy files to read: the repository default, then TOPICS_FILE (comma-separated) when set. */
export function taxonomyFiles(env: NodeJS.ProcessEnv): string[] {
  const extra = (env.TOPICS_FILE ?? '').split(',').map((file) => file.trim()).filter(Boolean);
  return [resolve(import.meta.dirname, '..', '..', 'taxonomy', 'topics.yaml'), ...extra.map((file) => resolve(file))];
}

/** Reads and merges taxonomy files in order: a later topic with an existing name adds aliases and keywords. */
export async function readTaxonomy(files: string[]): Promise<Taxonomy> {
  const merged = new Map<string, TopicDefinition>();
  for (const file of files) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (error) {
      throw new TaxonomyError(`cannot read topic taxonomy ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    for (const topic of parseTaxonomy(source, file)) {
      const known = [...merged.values()].find((existing) => foldKey(existing.name) === foldKey(topic.name));
      if (!known) {
        merged.set(topic.name, topic);
        continue;
      }
      known.aliases.push(...topic.aliases);
      for (const [language, keywords] of Object.entries(topic.keywords)) {
        known.keywords[language] = [...(known.keywords[language] ?? []), ...keywords];
      }
    }
  }
  return new Taxonomy([...merged.values()]);
}

export class TaxonomyError extends Error {}

/** Validates one taxonomy document; every problem names the file and the topic. */
export function parseTaxonomy(source: string, file: string): TopicDefinition[] {
  let document: unknown;
  try {
    document = parse(source);
  } catch (error) {
    throw new TaxonomyError(`${file}: invalid YAML: ${(error as Error).message}`);
  }
  const topics = (document as { topics?: unknown } | null)?.topics;
  if (!Array.isArray(topics)) throw new TaxonomyError(`${file}: expected a "topics:" list`);
  return topics.map((entry: unknown, index) => {
    const where = `${file}: topics[${index}]`;
    const topic = entry as { name?: unknown; aliases?: unknown; keywords?: unknown } | null;
    if (typeof topic?.name !== 'string' || topic.name.trim() === '') throw new TaxonomyError(`${where}: "name" must be a non-empty string`);
    const aliases = stringList(topic.aliases ?? [], `${where} (${topic.name}).aliases`);
    const keywords: Record<string, string[]> = {};
    if (topic.keywords !== undefined && (typeof topic.keywords !== 'object' || topic.keywords === null || Array.isArray(topic.keywords))) {
      throw new TaxonomyError(`${where} (${topic.name}).keywords: expected a mapping of language → list`);
    }
    for (const [language, list] of Object.entries(topic.keywords ?? {})) {
      keywords[language] = stringList(list, `${where} (${topic.name}).keywords.${language}`);
    }
    return { name: topic.name.trim(), aliases, keywords };
  });
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new TaxonomyError(`${where}: expected a list of strings`);
  }
  return value as string[];
}
