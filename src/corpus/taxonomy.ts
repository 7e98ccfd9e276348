// The topic taxonomy: canonical names, aliases that resolve to them, parents, and the phrases (per language) that
// put an article under a topic — keywords, weak keywords (supporting evidence only) and blockers (longer phrases in
// which a keyword means something else: "hàng không mẫu hạm" is no airline). The default lives in
// taxonomy/topics.yaml; admins extend it with TOPICS_FILE.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { foldKey, GOLDEN, HASH_MASK } from '../text/fold.ts';
import { WORD_ALL_CAPS, WORD_CAPITALISED, WORD_MARKED, WordScan } from './topic-words.ts';

/** Phrase lists by ISO 639-1 code; "any" applies to every language. */
export type PhraseLists = Record<string, string[]>;

export interface TopicDefinition {
  name: string;
  aliases: string[];
  /** A broader topic every article of this one also belongs to (Football → Sports). */
  parent?: string;
  keywords: PhraseLists;
  /** Phrases that support a topic but never carry it alone ("du khách" for Travel). */
  weak?: PhraseLists;
  /** Phrases in which the topic's keywords do not count ("vụng trộm" for the "trộm" of Law & Crime). */
  blockers?: PhraseLists;
  /** Topics this one steps aside for: World is a place, and a foreign football story belongs to Football. */
  yields?: string[];
}

export type PhraseKind = 'keyword' | 'weak' | 'blocker';

/** One keyword hit that no blocker covers. */
export interface KeywordHit {
  topic: number;
  /** Identifies the keyword (distinct keywords count as separate evidence). */
  keyword: number;
  weak: boolean;
  /** Its words in the scan: [at, end). */
  at: number;
  end: number;
}

interface PhraseWord {
  folded: string;
  exact: string;
  /** WORD_CAPITALISED or WORD_ALL_CAPS when the text word must be written so ("Apple", "AI"), else 0. */
  needs: number;
}

interface Phrase {
  words: PhraseWord[];
  /** Hashes of the words (folded / exact), compared before the words themselves. */
  folded: number[];
  exact: number[];
  /** Written without any mark in two or more words ("dien toan dam may"): matched folded even in accented text. */
  unaccented: boolean;
  topic: number;
  id: number;
  kind: PhraseKind;
}

/**
 * One-word phrases by the hash of the word, longer phrases by the hash of their first two words (longest first):
 * a common first word ("người", "xe") then costs one probe, not one per phrase it starts. A bit per low bits of
 * those keys skips the probe for most words.
 */
interface PhraseIndex {
  byKey: Map<number, Phrase[]>;
  keys: Uint32Array;
}

/**
 * A language's phrases indexed three ways: every phrase by its folded first word (text without marks); and for
 * text with marks, every phrase by its exact first word — far fewer probes, as "có" no longer finds "cổ phiếu"
 * and "cô giáo" — plus the unaccented ones by their folded first word, probed at words with marks (where an
 * unaccented keyword cannot match exactly).
 */
interface PhraseTable {
  folded: PhraseIndex;
  exact: PhraseIndex;
  loose: PhraseIndex;
}

const FILTER_SIZE = 1 << 16;
const FILTER_MASK = FILTER_SIZE - 1;
const KINDS: PhraseKind[] = ['keyword', 'weak', 'blocker'];

export class Taxonomy {
  readonly topics: readonly TopicDefinition[];
  /** Topic index → its parent's index, or -1. */
  readonly parents: readonly number[];
  /** Topic index → the indexes of the topics it yields to. */
  readonly yields: readonly number[][];
  private readonly byKey = new Map<string, string>();
  /**
   * Language → its phrases, made on first use: only topic detection (parsing files) needs them, and a start
   * restoring a snapshot parses none (~0.1 s saved per CLI call).
   */
  private phrasesByLanguage: Map<string, Phrase[]> | undefined;
  private phraseTotal = 0;
  private readonly merged = new Map<string, PhraseTable>();
  /** Reused by every match (blocker spans of the text being matched). */
  private readonly blocked: { topic: number; from: number; to: number }[] = [];
  /** Reused by every match: per topic, the end of its last hit (a shorter keyword inside a longer one is not a second hit). */
  private readonly coveredUntil: Int32Array;

  constructor(topics: TopicDefinition[]) {
    this.topics = topics;
    topics.forEach((topic) => {
      for (const name of [topic.name, ...topic.aliases]) this.byKey.set(foldKey(name), topic.name);
    });
    const indexOf = (name: string): number => topics.findIndex((other) => other.name === this.canonical(name));
    this.parents = topics.map((topic) => (topic.parent === undefined ? -1 : indexOf(topic.parent)));
    this.yields = topics.map((topic) => (topic.yields ?? []).map(indexOf).filter((index) => index !== -1));
    this.coveredUntil = new Int32Array(topics.length);
  }

  /** Phrases (keywords, weak keywords, blockers) of every language: `KeywordHit.keyword` is below this. */
  get phraseCount(): number {
    if (!this.phrasesByLanguage) this.makePhrases();
    return this.phraseTotal;
  }

  private get phrases(): Map<string, Phrase[]> {
    return this.phrasesByLanguage ?? this.makePhrases();
  }

  private makePhrases(): Map<string, Phrase[]> {
    this.phrasesByLanguage = new Map();
    const scan = new WordScan();
    let id = 0;
    this.topics.forEach((topic, index) => {
      for (const kind of KINDS) {
        const lists = kind === 'keyword' ? topic.keywords : kind === 'weak' ? topic.weak : topic.blockers;
        for (const [language, phrases] of Object.entries(lists ?? {})) {
          for (const phrase of phrases) this.addPhrase(scan, language, phrase, index, id++, kind);
        }
      }
    });
    this.phraseTotal = id;
    return this.phrasesByLanguage;
  }

  /** The canonical name for a topic name or alias, ignoring case, accents and punctuation. */
  canonical(name: string): string | undefined {
    return this.byKey.get(foldKey(name));
  }

  /**
   * Keyword hits in the scanned words, each phrase whole (never part of a longer word, nor across two
   * segments), minus those a blocker phrase of the same topic overlaps. With `exact` (the text is written with
   * Vietnamese marks) words must match with their marks; otherwise folded. Keywords of `language` and of "any"
   * apply; an undetermined language gets every list.
   */
  match(scan: WordScan, language: string, exact: boolean): KeywordHit[] {
    const table = this.tableFor(language);
    const hits: KeywordHit[] = [];
    this.blocked.length = 0;
    this.coveredUntil.fill(0);
    for (let i = 0; i < scan.count; i++) {
      if (!exact) this.matchFrom(scan, i, table.folded, false, hits);
      else {
        this.matchFrom(scan, i, table.exact, true, hits);
        if ((scan.flags[i]! & WORD_MARKED) !== 0) this.matchFrom(scan, i, table.loose, false, hits);
      }
    }
    const blocked = this.blocked;
    if (blocked.length === 0) return hits;
    return hits.filter((hit) => !blocked.some((span) => span.topic === hit.topic && span.from < hit.end && hit.at < span.to));
  }

  /** The phrases of `index` that start at word i, as hits or blocked spans: those of two words or more, then one. */
  private matchFrom(scan: WordScan, i: number, index: PhraseIndex, exact: boolean, hits: KeywordHit[]): void {
    const hashes = exact ? scan.exact : scan.folded;
    if (i + 1 < scan.count) this.matchList(scan, i, index, pairKey(hashes[i]!, hashes[i + 1]!), exact, hits);
    this.matchList(scan, i, index, hashes[i]!, exact, hits);
  }

  private matchList(scan: WordScan, i: number, index: PhraseIndex, key: number, exact: boolean, hits: KeywordHit[]): void {
    // Most words start no phrase: a bit says so without probing the map.
    if ((index.keys[(key & FILTER_MASK) >>> 5]! & (1 << (key & 31))) === 0) return;
    const phrases = index.byKey.get(key);
    if (phrases === undefined) return;
    for (const phrase of phrases) {
      if (!matchesAt(scan, i, phrase, exact)) continue;
      const end = i + phrase.words.length;
      if (phrase.kind === 'blocker') this.blocked.push({ topic: phrase.topic, from: i, to: end });
      else if (end > this.coveredUntil[phrase.topic]!) {
        // Phrases at one word come longest first: "thương mại điện tử" is one hit, not also "thương mại".
        hits.push({ topic: phrase.topic, keyword: phrase.id, weak: phrase.kind === 'weak', at: i, end });
        this.coveredUntil[phrase.topic] = end;
      }
    }
  }

  private addPhrase(scan: WordScan, language: string, text: string, topic: number, id: number, kind: PhraseKind): void {
    scan.reset().add(text.normalize('NFC'));
    if (scan.count === 0) return;
    const words: PhraseWord[] = [];
    let marked = false;
    for (let k = 0; k < scan.count; k++) {
      const flags = scan.flags[k]!;
      if ((flags & WORD_MARKED) !== 0) marked = true;
      words.push({ folded: scan.foldedKey(k), exact: scan.exactKey(k), needs: flags & WORD_ALL_CAPS ? WORD_ALL_CAPS : flags & WORD_CAPITALISED ? WORD_CAPITALISED : 0 });
    }
    const phrase: Phrase = {
      words,
      folded: Array.from(scan.folded.subarray(0, scan.count)),
      exact: Array.from(scan.exact.subarray(0, scan.count)),
      unaccented: kind !== 'blocker' && words.length >= 2 && !marked,
      topic,
      id,
      kind,
    };
    const phrases = this.phrasesByLanguage!;
    const list = phrases.get(language) ?? [];
    list.push(phrase);
    phrases.set(language, list);
  }

  /** One table per language (its phrases + "any"; every list for "und"), built on first use. */
  private tableFor(language: string): PhraseTable {
    const key = language === 'und' || this.phrases.has(language) ? language : 'any';
    let table = this.merged.get(key);
    if (table) return table;
    // A language without phrases of its own gets the "any" list once, not twice.
    const sources = key === 'und' ? [...this.phrases.values()] : key === 'any' ? [this.phrases.get('any')] : [this.phrases.get(key), this.phrases.get('any')];
    const phrases = sources.flatMap((source) => source ?? []);
    table = {
      folded: indexBy(phrases, (phrase) => phrase.folded),
      exact: indexBy(phrases, (phrase) => phrase.exact),
      loose: indexBy(phrases.filter((phrase) => phrase.unaccented), (phrase) => phrase.folded),
    };
    this.merged.set(key, table);
    return table;
  }
}

function indexBy(phrases: Phrase[], hashesOf: (phrase: Phrase) => number[]): PhraseIndex {
  const byKey = new Map<number, Phrase[]>();
  for (const phrase of phrases) {
    const hashes = hashesOf(phrase);
    const key = hashes.length === 1 ? hashes[0]! : pairKey(hashes[0]!, hashes[1]!);
    byKey.set(key, [...(byKey.get(key) ?? []), phrase]);
  }
  for (const list of byKey.values()) list.sort((a, b) => b.words.length - a.words.length);
  const keys = new Uint32Array(FILTER_SIZE / 32);
  for (const key of byKey.keys()) keys[(key & FILTER_MASK) >>> 5]! |= 1 << (key & 31);
  return { byKey, keys };
}

/** The key of a phrase's first two words (word hashes are 30-bit; so is the key). */
function pairKey(first: number, second: number): number {
  return (Math.imul(first, GOLDEN) ^ second) & HASH_MASK;
}

/** Whether `phrase` starts at word `at`: same segment, hashes first, then case, then the words themselves. */
function matchesAt(scan: WordScan, at: number, phrase: Phrase, exact: boolean): boolean {
  const { words } = phrase;
  const last = at + words.length - 1;
  if (last >= scan.count || scan.segment[last] !== scan.segment[at]) return false;
  const hashes = exact ? phrase.exact : phrase.folded;
  const textHashes = exact ? scan.exact : scan.folded;
  for (let k = 0; k < words.length; k++) {
    if (textHashes[at + k] !== hashes[k]) return false;
    const needs = words[k]!.needs;
    if (needs !== 0 && (scan.flags[at + k]! & needs) === 0) return false;
  }
  for (let k = 0; k < words.length; k++) if (!scan.sameWord(at + k, exact ? words[k]!.exact : words[k]!.folded, exact)) return false;
  return true;
}

/** The taxonomy files to read: the repository default, then TOPICS_FILE (comma-separated) when set. */
export function taxonomyFiles(env: NodeJS.ProcessEnv): string[] {
  const extra = (env.TOPICS_FILE ?? '').split(',').map((file) => file.trim()).filter(Boolean);
  return [resolve(import.meta.dirname, '..', '..', 'taxonomy', 'topics.yaml'), ...extra.map((file) => resolve(file))];
}

/**
 * Reads and merges taxonomy files in order: a later topic with an existing name adds aliases and phrases (and may
 * set its parent). With `cacheDir` (DATA_DIR/corpus-snapshot), each file's parse is kept there by the file's
 * content: the YAML parser and its parse were ~0.15 s of a start or CLI call restoring a snapshot.
 */
export async function readTaxonomy(files: string[], options: { cacheDir?: string } = {}): Promise<Taxonomy> {
  const merged = new Map<string, TopicDefinition>();
  for (const file of files) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (error) {
      throw new TaxonomyError(`cannot read topic taxonomy ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    for (const topic of await parsedTopics(source, file, options.cacheDir)) {
      const known = [...merged.values()].find((existing) => foldKey(existing.name) === foldKey(topic.name));
      if (!known) {
        merged.set(topic.name, topic);
        continue;
      }
      known.aliases.push(...topic.aliases);
      if (topic.parent !== undefined) known.parent = topic.parent;
      if (topic.yields?.length) known.yields = [...(known.yields ?? []), ...topic.yields];
      known.keywords = mergeLists(known.keywords, topic.keywords);
      known.weak = mergeLists(known.weak ?? {}, topic.weak ?? {});
      known.blockers = mergeLists(known.blockers ?? {}, topic.blockers ?? {});
    }
    checkParents([...merged.values()], file);
  }
  return new Taxonomy([...merged.values()]);
}

function mergeLists(into: PhraseLists, from: PhraseLists): PhraseLists {
  const out = { ...into };
  for (const [language, phrases] of Object.entries(from)) out[language] = [...(out[language] ?? []), ...phrases];
  return out;
}

/** Every parent and yielded-to topic names a known topic, and no topic is its own ancestor. */
function checkParents(topics: TopicDefinition[], file: string): void {
  const byKey = new Map(topics.flatMap((topic) => [topic.name, ...topic.aliases].map((name) => [foldKey(name), topic] as const)));
  for (const topic of topics) {
    for (const other of topic.yields ?? []) {
      if (!byKey.has(foldKey(other))) throw new TaxonomyError(`${file}: topic "${topic.name}" yields to "${other}", which is not a topic of the taxonomy`);
    }
    const seen = new Set([topic]);
    for (let at = topic; at.parent !== undefined; ) {
      const parent = byKey.get(foldKey(at.parent));
      if (!parent) throw new TaxonomyError(`${file}: topic "${at.name}" has parent "${at.parent}", which is not a topic of the taxonomy`);
      if (seen.has(parent)) throw new TaxonomyError(`${file}: topic "${topic.name}" is its own ancestor (parent chain loops)`);
      seen.add(parent);
      at = parent;
    }
  }
}

export class TaxonomyError extends Error {}

/** Parses kept in a cache folder (one per taxonomy file content read there): the least recently written go. */
const CACHED_PARSES = 16;

/**
 * A file's topics: parsed, or as parsed before from the same content by the same parser (kept under
 * `cacheDir`, keyed by both: a changed parser, this module, parses again).
 */
async function parsedTopics(source: string, file: string, cacheDir: string | undefined): Promise<TopicDefinition[]> {
  const key = cacheDir && createHash('sha256').update(readFileSync(import.meta.filename)).update('\0').update(source).digest('hex').slice(0, 24);
  const cached = key && join(cacheDir, `taxonomy-${key}.json`);
  if (cached) {
    try {
      return JSON.parse(readFileSync(cached, 'utf8')) as TopicDefinition[];
    } catch {
      // Not parsed here before (or the copy is unreadable): parse it.
    }
  }
  const topics = parseTaxonomy((await import('yaml')).parse, source, file);
  if (cached) keepParse(cached, topics);
  return topics;
}

/** Writes a parse to the cache (temporary name, then rename: readers see all of it or none); failures are ignored. */
function keepParse(path: string, topics: TopicDefinition[]): void {
  const dir = resolve(path, '..');
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, JSON.stringify(topics));
    renameSync(temp, path);
    const parses = readdirSync(dir).filter((name) => name.startsWith('taxonomy-') && name.endsWith('.json'));
    const byAge = parses.map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => b.mtime - a.mtime);
    for (const old of byAge.slice(CACHED_PARSES)) rmSync(old.path, { force: true });
  } catch {
    // A cache that cannot be written (a read-only DATA_DIR) only means parsing again next time.
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

/** Validates one taxonomy document; every problem names the file and the topic. */
function parseTaxonomy(parse: (source: string) => unknown, source: string, file: string): TopicDefinition[] {
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
    const topic = entry as { name?: unknown; aliases?: unknown; parent?: unknown; keywords?: unknown; weak?: unknown; blockers?: unknown; yields?: unknown } | null;
    if (typeof topic?.name !== 'string' || topic.name.trim() === '') throw new TaxonomyError(`${where}: "name" must be a non-empty string`);
    const named = `${where} (${topic.name})`;
    const aliases = stringList(topic.aliases ?? [], `${named}.aliases`);
    if (topic.parent !== undefined && topic.parent !== null && (typeof topic.parent !== 'string' || topic.parent.trim() === '')) {
      throw new TaxonomyError(`${named}.parent: expected a topic name`);
    }
    const parent = typeof topic.parent === 'string' ? topic.parent.trim() : undefined;
    return {
      name: topic.name.trim(),
      aliases,
      ...(parent === undefined ? {} : { parent }),
      keywords: phraseLists(topic.keywords, `${named}.keywords`),
      weak: phraseLists(topic.weak, `${named}.weak`),
      blockers: phraseLists(topic.blockers, `${named}.blockers`),
      yields: stringList(topic.yields ?? [], `${named}.yields`),
    };
  });
}

function phraseLists(value: unknown, where: string): PhraseLists {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new TaxonomyError(`${where}: expected a mapping of language → list`);
  const lists: PhraseLists = {};
  for (const [language, list] of Object.entries(value)) lists[language] = stringList(list, `${where}.${language}`);
  return lists;
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new TaxonomyError(`${where}: expected a list of strings`);
  }
  return value as string[];
}
