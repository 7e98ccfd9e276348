// The live corpus, composed from sources (src/sources/: folders, feeds). Each source's articles are kept
// apart, so one source can be reloaded (a changed folder, a fetched feed, `/admin reseed path:`) while the
// others stay as they are. A reload loads the new articles beside the serving index, builds the next index
// from every source, and swaps the reference in one assignment: readers see the old index or the new one,
// never a half-built one; a failed load (a missing folder) throws and leaves the old one serving.
import { createHash } from 'node:crypto';
import type { Article, SkippedFile } from '../types.ts';
import { defaultTaxonomy } from '../corpus/load.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import type { ArticleSource, SourceLoad, Unwatch } from '../sources/source.ts';
import { CorpusIndex } from './corpus-index.ts';
import { diffArticles, type CorpusDiff } from './diff.ts';

export interface ReseedResult extends CorpusDiff {
  skipped: SkippedFile[];
}

/** A reload: what changed, and which sources were read. */
export interface ReloadResult extends ReseedResult {
  sources: string[];
}

interface Loaded {
  source: ArticleSource;
  load: SourceLoad;
  /** Same articles ⇔ same fingerprint, in every process (paths excluded: hosts may mount folders elsewhere). */
  fingerprint: string;
}

export function fingerprintOf(articles: readonly Article[]): string {
  const sha = createHash('sha256');
  for (const article of [...articles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const { source: _path, ...content } = article;
    sha.update(JSON.stringify(content));
  }
  return sha.digest('hex').slice(0, 24);
}

export class UnknownSourceError extends Error {}

export class CorpusHolder {
  current: CorpusIndex;
  readonly #taxonomy: Taxonomy | undefined;
  readonly #loaded: Map<string, Loaded>;
  /** Reloads run one after another, so two at once cannot swap out of order. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(loaded: Loaded[], taxonomy: Taxonomy | undefined) {
    this.#loaded = new Map(loaded.map((entry) => [entry.source.id, entry]));
    this.#taxonomy = taxonomy;
    this.current = this.#build();
  }

  /** Loads every source (a failing one throws: start-up stops naming it). */
  static async open(sources: ArticleSource[], options: { taxonomy?: Taxonomy } = {}): Promise<CorpusHolder> {
    const taxonomy = options.taxonomy ?? (await defaultTaxonomy());
    const loaded = await Promise.all(sources.map(loadOne));
    return new CorpusHolder(loaded, taxonomy);
  }

  sources(): ArticleSource[] {
    return [...this.#loaded.values()].map((entry) => entry.source);
  }

  fingerprint(id: string): string | undefined {
    return this.#loaded.get(id)?.fingerprint;
  }

  /**
   * Reloads the given sources (default: all) and swaps in the index built from them and the others' current
   * articles. Throws UnknownSourceError for an id that is not one of the sources, and whatever a load throws.
   */
  reload(ids?: readonly string[]): Promise<ReloadResult> {
    const run = this.#queue.then(async () => {
      const targets = (ids ?? [...this.#loaded.keys()]).map((id) => {
        const entry = this.#loaded.get(id);
        if (!entry) throw new UnknownSourceError(`no source ${id}; sources: ${[...this.#loaded.keys()].join(', ')}`);
        return entry.source;
      });
      const fresh = await Promise.all(targets.map(loadOne));
      const before = this.current.articles;
      for (const entry of fresh) this.#loaded.set(entry.source.id, entry);
      this.current = this.#build();
      const diff = diffArticles(before, this.current.articles);
      return { ...diff, skipped: fresh.flatMap((entry) => entry.load.skipped), sources: targets.map((source) => source.id) };
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Watches every source that can be watched; `onChange` gets the source id and the reason. */
  watch(onChange: (id: string, reason: string) => void): Unwatch {
    const stops = this.sources().flatMap((source) => (source.watch ? [source.watch((reason) => onChange(source.id, reason))] : []));
    return () => stops.forEach((stop) => stop());
  }

  /** Sources in order (folders before feeds): on a shared id the first source's fields win, as for files. */
  #build(): CorpusIndex {
    const all = [...this.#loaded.values()].flatMap((entry) => entry.load.articles);
    return CorpusIndex.build(this.#loaded.size > 1 ? mergeDuplicates(all).articles : all, this.#taxonomy);
  }
}

async function loadOne(source: ArticleSource): Promise<Loaded> {
  const load = await source.load();
  return { source, load, fingerprint: fingerprintOf(load.articles) };
}
