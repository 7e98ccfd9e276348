// The live corpus. A reseed loads and indexes the new corpus beside the serving one and swaps the reference
// in one assignment: readers see the old index or the new one, never a half-built one; a failed reseed
// (a missing directory, a bad taxonomy) throws and leaves the old one serving.
import type { SkippedFile } from '../types.ts';
import { defaultTaxonomy, loadCorpus, type LoadOptions } from '../corpus/load.ts';
import { CorpusIndex } from './corpus-index.ts';
import { diffArticles, type CorpusDiff } from './diff.ts';

export interface ReseedResult extends CorpusDiff {
  skipped: SkippedFile[];
}

export class CorpusHolder {
  current: CorpusIndex;
  private readonly options: LoadOptions;
  /** Reseeds run one after another, so two at once cannot swap out of order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: CorpusIndex, options: LoadOptions = {}) {
    this.current = initial;
    this.options = options;
  }

  static async open(dirs: string[], options: LoadOptions = {}): Promise<CorpusHolder> {
    const withTaxonomy = { ...options, taxonomy: options.taxonomy ?? (await defaultTaxonomy()) };
    const load = await loadCorpus(dirs, withTaxonomy);
    return new CorpusHolder(CorpusIndex.build(load.articles, withTaxonomy.taxonomy), withTaxonomy);
  }

  reseed(dirs: string[]): Promise<ReseedResult> {
    const run = this.queue.then(async () => {
      const load = await loadCorpus(dirs, this.options);
      const next = CorpusIndex.build(load.articles, this.options.taxonomy);
      const diff = diffArticles(this.current.articles, next.articles);
      this.current = next;
      return { ...diff, skipped: load.skipped };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
