// The live corpus, composed from sources (src/sources/: folders, feeds). Each source's articles are kept
// apart, so one source can be reloaded (a changed folder, a fetched feed, `/admin reseed path:`) while the
// others stay as they are. A reload loads the new articles beside the serving index, builds the next index
// from every source, and swaps the reference in one assignment: readers see the old index or the new one,
// never a half-built one; a failed load (a missing folder) throws and leaves the old one serving.
//
// With a snapshot folder (DATA_DIR/corpus-snapshot, src/index/snapshot/), opening restores the last corpus
// saved there when no source changed since, and every build is saved there; the index then serves article
// bodies from the snapshot file instead of the heap.
import type { SkippedFile } from '../types.ts';
import { defaultTaxonomy } from '../corpus/load.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import type { ArticleSource, SourceLoad, Unwatch } from '../sources/source.ts';
import { FolderSource } from '../sources/folder-source.ts';
import { composeIndex, fingerprintOf } from './compose.ts';
import type { CorpusIndex } from './corpus-index.ts';
import { diffArticles, diffSteps, type CorpusDiff } from './diff.ts';
import { readSnapshot, readSnapshotInSlices, SLICE_MS, snapshotKey, snapshotPath, writeSnapshot, type Restored, type SnapshotOptions } from './snapshot/corpus-snapshot.ts';
import { rebuildInWorker, type RebuildSource } from './snapshot/rebuild.ts';
import { runInSlices } from './snapshot/slices.ts';

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
  /** The source's stamp when it was loaded (its fingerprint when it has no stamp()): the snapshot's key. */
  stamp: string;
}

export interface HolderOptions {
  taxonomy?: Taxonomy;
  /** Restore from and save to a corpus snapshot (the bot and the CLI: DATA_DIR/corpus-snapshot). */
  snapshot?: SnapshotOptions;
}

export class UnknownSourceError extends Error {}

export class CorpusHolder {
  current: CorpusIndex;
  readonly #taxonomy: Taxonomy | undefined;
  readonly #loaded: Map<string, Loaded>;
  readonly #snapshot: SnapshotOptions | undefined;
  /** The key of the snapshot `current` was restored from, if it was. */
  #key: string | undefined;
  /** Reloads run one after another, so two at once cannot swap out of order. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(loaded: Loaded[], taxonomy: Taxonomy | undefined, snapshot?: SnapshotOptions, index?: CorpusIndex) {
    this.#loaded = new Map(loaded.map((entry) => [entry.source.id, entry]));
    this.#taxonomy = taxonomy;
    this.#snapshot = snapshot;
    this.current = index ?? this.#build();
    if (index) this.#key = snapshotKey(taxonomy, loaded.map((entry) => ({ id: entry.source.id, stamp: entry.stamp })));
  }

  /** Loads every source, or restores them from the snapshot (a failing one throws: start-up stops naming it). */
  static async open(sources: ArticleSource[], options: HolderOptions = {}): Promise<CorpusHolder> {
    const taxonomy = options.taxonomy ?? (await defaultTaxonomy());
    const snapshot = options.snapshot;
    if (!snapshot) return new CorpusHolder(await Promise.all(sources.map((source) => loadOne(source))), taxonomy);
    const stamped = await Promise.all(sources.map(stampOne));
    const restored = readSnapshot(snapshotPath(snapshot.dir, sources.map((source) => source.id)), snapshotKey(taxonomy, stamped.map(({ source, stamp }) => ({ id: source.id, stamp }))), taxonomy, snapshot);
    if (restored) return new CorpusHolder(stamped.map((entry) => entry.loaded ?? restoredSource(entry, restored)), taxonomy, snapshot, restored.index);
    const holder = new CorpusHolder(await Promise.all(stamped.map((entry) => entry.loaded ?? loadOne(entry.source, entry.stamp))), taxonomy, snapshot);
    holder.#save();
    return holder;
  }

  sources(): ArticleSource[] {
    return [...this.#loaded.values()].map((entry) => entry.source);
  }

  /** Files and items of every source that could not become articles, and why (as last loaded). */
  skipped(): SkippedFile[] {
    return [...this.#loaded.values()].flatMap((entry) => entry.load.skipped);
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
      if (this.#key) return await this.#reloadInWorker(targets, this.#key);
      const fresh = await Promise.all(targets.map((source) => (this.#snapshot ? stampOne(source).then((entry) => entry.loaded ?? loadOne(source, entry.stamp)) : loadOne(source))));
      const before = this.current.articles;
      for (const entry of fresh) this.#loaded.set(entry.source.id, entry);
      this.current = this.#build();
      const diff = diffArticles(before, this.current.articles);
      this.#save();
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
    return composeIndex([...this.#loaded.values()].map((entry) => entry.load.articles), this.#taxonomy);
  }

  /**
   * A reload whose load and build run on a worker thread (rebuild.ts): folders are read there; other sources
   * reloaded are loaded here (feeds: a store read) and handed over with the unchanged ones. This thread only
   * restores the snapshot the worker wrote, then swaps.
   */
  async #reloadInWorker(targets: ArticleSource[], servingKey: string): Promise<ReloadResult> {
    const reloading = new Set(targets.map((source) => source.id));
    const given = new Map<string, Loaded>();
    for (const source of targets) if (!(source instanceof FolderSource)) given.set(source.id, await loadOne(source));
    const sources = [...this.#loaded.values()].map((entry): RebuildSource => {
      const { source } = entry;
      const loaded = given.get(source.id) ?? entry;
      if (source instanceof FolderSource && !given.has(source.id)) {
        return { id: source.id, folder: { dir: source.dir, maxFileBytes: source.maxFileBytes }, reload: reloading.has(source.id), stamp: entry.stamp };
      }
      const { articles, skipped, warnings } = loaded.load;
      return { id: source.id, given: { stamp: loaded.stamp, fingerprint: loaded.fingerprint, load: { articles, skipped, warnings } } };
    });
    const snapshot = this.#snapshot!;
    const result = await rebuildInWorker({ dir: snapshot.dir, topics: this.#taxonomy?.topics ?? null, servingKey, sources });
    const restored = await readSnapshotInSlices(snapshotPath(snapshot.dir, sources.map((source) => source.id)), result.key, this.#taxonomy, snapshot);
    if (!restored) throw new Error('the rebuilt corpus snapshot could not be read back; keeping the current corpus');
    const diff = result.diff ?? (await runInSlices(diffSteps(this.current.articles, restored.index.articles), SLICE_MS));
    for (const { id, stamp } of result.sources) this.#loaded.set(id, restoredSource({ source: this.#loaded.get(id)!.source, stamp }, restored));
    this.current = restored.index;
    this.#key = result.key;
    return { ...diff, skipped: targets.flatMap((source) => this.#loaded.get(source.id)!.load.skipped), sources: targets.map((source) => source.id) };
  }

  /**
   * Saves the current index to the snapshot, then serves it from there (bodies leave the heap). A failure
   * is logged and changes nothing: the corpus is served as built.
   */
  #save(): void {
    if (!this.#snapshot) return;
    // Until the write succeeds the file (if any) is not what `current` is: no worker may read sources from it.
    this.#key = undefined;
    const loaded = [...this.#loaded.values()];
    const ids = loaded.map((entry) => entry.source.id);
    const key = snapshotKey(this.#taxonomy, loaded.map((entry) => ({ id: entry.source.id, stamp: entry.stamp })));
    const path = snapshotPath(this.#snapshot.dir, ids);
    try {
      writeSnapshot(path, key, this.current, loaded.map((entry) => ({ id: entry.source.id, stamp: entry.stamp, fingerprint: entry.fingerprint, load: entry.load })));
    } catch (error) {
      this.#snapshot.log(`corpus snapshot: could not write ${path} (${(error as Error).message}); serving the corpus as built`);
      return;
    }
    const restored = readSnapshot(path, key, this.#taxonomy, this.#snapshot);
    if (!restored) return;
    for (const entry of loaded) this.#loaded.set(entry.source.id, restoredSource(entry, restored));
    this.current = restored.index;
    this.#key = key;
  }
}

/** A source's stamp; a source without stamp() is loaded, and its fingerprint is its stamp. */
async function stampOne(source: ArticleSource): Promise<{ source: ArticleSource; stamp: string; loaded?: Loaded }> {
  if (source.stamp) return { source, stamp: await source.stamp() };
  const loaded = await loadOne(source);
  return { source, stamp: loaded.stamp, loaded };
}

async function loadOne(source: ArticleSource, stamp?: string): Promise<Loaded> {
  const load = await source.load();
  const fingerprint = fingerprintOf(load.articles);
  return { source, load, fingerprint, stamp: stamp ?? fingerprint };
}

function restoredSource(entry: { source: ArticleSource; stamp: string }, restored: Restored): Loaded {
  return { source: entry.source, stamp: entry.stamp, ...restored.sources.get(entry.source.id)! };
}
