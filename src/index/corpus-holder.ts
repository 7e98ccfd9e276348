// The live corpus, composed from sources (src/sources/: folders, feeds). Each source's articles are kept
// apart, so one source can be reloaded (a changed folder, a fetched feed, `/admin reseed path:`) while the
// others stay as they are. A reload asks the source what changed (a folder lists and stats its files and
// reads only the new and changed ones; a feed's stored items are compared by hash), turns that into articles
// added and removed across every source (on an id several sources have, the first source's fields win), and
// swaps in `current.withChanges(change)` in one assignment: readers see the old index or the new one, never
// a half-built one; a failed load (a missing folder) throws and leaves the old one serving. Nothing changed
// costs the listing and nothing else.
//
// Changes accumulate in the index (`pendingChanges`); past a threshold (HOLDER_DEFAULTS) the holder merges
// them by a full build — on a worker thread with a snapshot — and swaps again. With a snapshot folder
// (DATA_DIR/corpus-snapshot, src/index/snapshot/) the snapshot is written at full builds and merges only:
// opening restores it even when files changed since, and applies the difference (each source's state — a
// folder's files, its articles' hashes — is saved with it), so changes not yet merged are derived again from
// the files at start-up rather than persisted one by one.
import type { Article, LoadWarning, SkippedFile } from '../types.ts';
import { defaultTaxonomy } from '../corpus/load.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { warmParsing } from '../corpus/warm-parse.ts';
import type { ArticleSource, SourceChanges, SourceLoad, Unwatch } from '../sources/source.ts';
import { packFiles } from '../sources/folder-files.ts';
import { FolderSource } from '../sources/folder-source.ts';
import { articleHash, composeArticle, composeIndex, fingerprintOf, hashesOf, withHashes, withPending, type PendingChanges } from './compose.ts';
import type { CorpusChange, CorpusIndex } from './corpus-index.ts';
import { contentChanged, diffArticles, diffSteps, type CorpusDiff } from './diff.ts';
import { readSnapshot, readSnapshotInSlices, SLICE_MS, snapshotKey, snapshotPath, writeSnapshot, type Restored, type SnapshotOptions, type SourceState } from './snapshot/corpus-snapshot.ts';
import { rebuildInWorker, type RebuildSource } from './snapshot/rebuild.ts';
import { runAtOnce, runInSlices, type Steps } from './snapshot/slices.ts';

export interface ReseedResult extends CorpusDiff {
  skipped: SkippedFile[];
}

/** A reload: what changed, and which sources were read. */
export interface ReloadResult extends ReseedResult {
  sources: string[];
}

/** When accumulated changes are merged by a full build: at this share of the corpus, or this many, whichever is fewer. */
export const HOLDER_DEFAULTS: MergeThresholds = { mergeShare: 0.05, mergeArticles: 300 };

export interface MergeThresholds {
  mergeShare: number;
  mergeArticles: number;
}

/** One source as the holder keeps it. */
interface Entry {
  source: ArticleSource;
  /** The source's stamp as of its articles here (its fingerprint when it has no stamp()): the snapshot's key. */
  stamp: string;
  /** Same articles ⇔ same fingerprint, in every process (compose.ts). */
  fingerprint: string;
  skipped: SkippedFile[];
  warnings: LoadWarning[];
  /** Its articles when last loaded whole or saved (restored ones are read from the snapshot when first asked for). */
  base: SourceLoad;
  /** Changes since `base`. */
  pending: PendingChanges;
  /** Its files and its articles' hashes (stateOf), read from the snapshot when first needed. */
  readState: () => Steps<SourceState>;
  state?: SourceState;
  /** `base` by id, made when first needed (an id several sources have). */
  baseById?: Map<string, Article>;
}

export interface HolderOptions {
  taxonomy?: Taxonomy;
  /** Restore from and save to a corpus snapshot (the bot and the CLI: DATA_DIR/corpus-snapshot). */
  snapshot?: SnapshotOptions;
  merge?: Partial<MergeThresholds>;
  /**
   * A caller that reads and exits (a CLI call): indexes are not readied for changes in the background. That
   * work (every article made, its heat group found) kept a 100k corpus's `newsbot news` process alive for
   * ~1 s after its answer: 2.2–2.6 s a call against 1.1–1.3 s.
   */
  readOnly?: boolean;
}

export class UnknownSourceError extends Error {}

export class CorpusHolder {
  #current!: CorpusIndex;
  readonly #taxonomy: Taxonomy | undefined;
  readonly #entries: Map<string, Entry>;
  readonly #snapshot: SnapshotOptions | undefined;
  readonly #merge: MergeThresholds;
  readonly #readOnly: boolean;
  /** The key of the snapshot file `current` was restored from (less the changes pending), if it was. */
  #key: string | undefined;
  /** Reloads and merges run one after another, so two at once cannot swap out of order. */
  #queue: Promise<unknown> = Promise.resolve();
  /** The background readying of every index swapped in so far (see `current`). */
  #preparing: Promise<void> = Promise.resolve();

  private constructor(entries: Entry[], options: HolderOptions, taxonomy: Taxonomy | undefined, restored?: { index: CorpusIndex; key: string }) {
    this.#entries = new Map(entries.map((entry) => [entry.source.id, entry]));
    this.#taxonomy = taxonomy;
    this.#snapshot = options.snapshot;
    this.#merge = { ...HOLDER_DEFAULTS, ...options.merge };
    this.#readOnly = options.readOnly ?? false;
    this.current = restored?.index ?? this.#build();
    this.#key = restored?.key;
  }

  /** The index serving now: readers take it once per command (it is swapped whole, never changed). */
  get current(): CorpusIndex {
    return this.#current;
  }

  /**
   * Swaps the index. A fully built one (no pending changes) readies itself for changes in the background, in
   * slices, so the first change after a build or a restore costs only its own articles (not in a read-only
   * holder: HolderOptions.readOnly).
   */
  private set current(index: CorpusIndex) {
    this.#current = index;
    // A failure here only leaves the work to the first change.
    if (index.pendingChanges === 0 && !this.#readOnly) {
      const readying = runInSlices(index.prepareForChanges(), SLICE_MS).catch(() => undefined);
      this.#preparing = Promise.all([this.#preparing, readying]).then(() => undefined);
    }
  }

  /**
   * Resolves when the background readying started so far is done (at once for a read-only holder): until then
   * it holds the indexes it readies, so a heap measured before is not the one a running bot holds.
   */
  prepared(): Promise<void> {
    return this.#preparing;
  }

  /** Loads every source, or restores them from the snapshot (a failing one throws: start-up stops naming it). */
  static async open(sources: ArticleSource[], options: HolderOptions = {}): Promise<CorpusHolder> {
    const taxonomy = options.taxonomy ?? (await defaultTaxonomy());
    const snapshot = options.snapshot;
    if (!snapshot) return new CorpusHolder(await Promise.all(sources.map((source) => loadEntry(source))), options, taxonomy);
    const stamped = await Promise.all(sources.map(stampOne));
    const path = snapshotPath(snapshot.dir, sources.map((source) => source.id));
    const key = snapshotKey(taxonomy, stamped.map(({ source, stamp }) => ({ id: source.id, stamp })));
    const restored = readSnapshot(path, key, taxonomy, { ...snapshot, sourcesMayDiffer: true });
    if (restored) {
      const holder = new CorpusHolder(
        stamped.map(({ source, stamp }) => restoredEntry(source, stamp, restored)),
        options,
        taxonomy,
        restored,
      );
      if (restored.changed.length === 0 || (await holder.#catchUp(restored.changed, stamped, path))) {
        // Nothing parsed in this process yet: the parser is warmed in the background, not by the first reseed's
        // first file (one-shot CLI calls, restored lazily, parse nothing).
        if (!snapshot.lazyArticles && !snapshot.lazyText) void runInSlices(warmParsing(taxonomy), SLICE_MS).catch(() => undefined);
        return holder;
      }
    }
    const holder = new CorpusHolder(await Promise.all(stamped.map((entry) => entry.loaded ?? loadEntry(entry.source, entry.stamp))), options, taxonomy);
    holder.#save();
    return holder;
  }

  sources(): ArticleSource[] {
    return [...this.#entries.values()].map((entry) => entry.source);
  }

  /** Files and items of every source that could not become articles, and why (as last loaded). */
  skipped(): SkippedFile[] {
    return [...this.#entries.values()].flatMap((entry) => entry.skipped);
  }

  fingerprint(id: string): string | undefined {
    return this.#entries.get(id)?.fingerprint;
  }

  /** Resolves when the reloads and the merge queued so far are done. */
  async idle(): Promise<void> {
    for (let queue = this.#queue; ; queue = this.#queue) {
      await queue;
      if (queue === this.#queue) return;
    }
  }

  /**
   * Brings the given sources (default: all) up to date and swaps in the index with their changes (`full`:
   * loads them whole and builds the index again). Throws UnknownSourceError for an id that is not one of the
   * sources, and whatever a load throws.
   */
  reload(ids?: readonly string[], options: { full?: boolean } = {}): Promise<ReloadResult> {
    const run = this.#queue.then(async () => {
      const targets = (ids ?? [...this.#entries.keys()]).map((id) => {
        const entry = this.#entries.get(id);
        if (!entry) throw new UnknownSourceError(`no source ${id}; sources: ${[...this.#entries.keys()].join(', ')}`);
        return entry;
      });
      if (options.full) return await this.#rebuild(targets);
      for (const entry of this.#entries.values()) await readyState(entry);
      const updates: { entry: Entry; changes: SourceChanges }[] = [];
      for (const entry of targets) {
        const changes = await this.#changesOf(entry);
        // Too much changed in a folder to merge it in file by file: a full build on the worker thread.
        if (!changes) return await this.#rebuild(targets);
        updates.push({ entry, changes });
      }
      const { change, diff } = await runInSlices(this.#record(updates), SLICE_MS);
      const result = { skipped: targets.flatMap((entry) => entry.skipped), sources: targets.map((entry) => entry.source.id) };
      if (change.added.length === 0 && change.removed.length === 0) return { ...diff, ...result };
      // More than a merge's worth at once: indexing them here would hold the serving thread (~0.4 ms an
      // article in a delta: 1,000 files held it 0.4–1.1 s), so the worker builds the index with them — from
      // the snapshot served and the articles just read, no folder read again.
      if (this.#key && change.added.length + change.removed.length > this.#merge.mergeArticles) {
        try {
          return { ...(await this.#reloadInWorker([], this.#key, diff)), ...result };
        } catch (error) {
          this.#snapshot?.log(`corpus build on the worker failed (${(error as Error).message}); applying the ${change.added.length + change.removed.length} changes here`);
        }
      }
      this.current = this.current.withChanges(change);
      return { ...diff, ...result };
    });
    this.#queue = run.catch(() => undefined).then(() => this.#mergeIfDue());
    return run;
  }

  /** The targets loaded whole and the index built again: on the worker thread with a snapshot, else here. */
  async #rebuild(targets: Entry[]): Promise<ReloadResult> {
    if (this.#key) return this.#reloadInWorker(targets.map((entry) => entry.source), this.#key);
    const fresh = await Promise.all(targets.map((entry) => (this.#snapshot ? stampOne(entry.source).then((item) => item.loaded ?? loadEntry(entry.source, item.stamp)) : loadEntry(entry.source))));
    const before = this.current.articles;
    for (const entry of this.#entries.values()) settle(entry);
    for (const entry of fresh) this.#entries.set(entry.source.id, entry);
    this.current = this.#build();
    const diff = diffArticles(before, this.current.articles);
    this.#save();
    return { ...diff, skipped: fresh.flatMap((entry) => entry.skipped), sources: fresh.map((entry) => entry.source.id) };
  }

  /** Watches every source that can be watched; `onChange` gets the source id and the reason. */
  watch(onChange: (id: string, reason: string) => void): Unwatch {
    const stops = this.sources().flatMap((source) => (source.watch ? [source.watch((reason) => onChange(source.id, reason))] : []));
    return () => stops.forEach((stop) => stop());
  }

  /**
   * What changed in a source since its articles here: a folder's own account (undefined when it says load it
   * whole and a worker can; without one, it is loaded here), else a load compared by article hash.
   */
  async #changesOf(entry: Entry): Promise<SourceChanges | undefined> {
    const { source } = entry;
    const files = source.changes && stateOf(entry).files;
    if (files) {
      const changes = await source.changes!({ files, skipped: entry.skipped, warnings: entry.warnings });
      if (changes || this.#key) return changes;
    }
    const stamp = source.stamp ? await source.stamp() : undefined;
    const load = await source.load();
    const ids = new Set(load.articles.map((article) => article.id));
    const removed = [...stateOf(entry).hashes.keys()].filter((id) => !ids.has(id));
    // Every article: #apply keeps those whose content or path changed.
    return { upserted: load.articles, removed, skipped: load.skipped, warnings: load.warnings, files: load.files ?? [], stamp: stamp ?? fingerprintOf(load.articles) };
  }

  /** Records each source's changes and swaps in the index with them; returns the diff. */
  #apply(updates: readonly { entry: Entry; changes: SourceChanges }[]): CorpusDiff {
    const { change, diff } = runAtOnce(this.#record(updates));
    if (change.added.length || change.removed.length) this.current = this.current.withChanges(change);
    return diff;
  }

  /**
   * Records each source's changes (its pending changes, hashes, files, stamp); returns the change to the
   * serving index and the diff. An article is composed again from every source that has its id; one that
   * says what it said (a file touched, not edited) is no change. In steps: a thousand articles' hashes and
   * old bodies (read from the snapshot to compare) are ~40 ms.
   */
  *#record(updates: readonly { entry: Entry; changes: SourceChanges }[]): Steps<{ change: CorpusChange; diff: CorpusDiff }> {
    const touched = new Set<string>();
    let n = 0;
    for (const { entry, changes } of updates) {
      const { hashes } = stateOf(entry);
      const gone = changes.removed.filter((id) => hashes.has(id));
      // Same hash, same content; a renamed file still moves the article (its path is no part of the hash).
      const fresh: { article: Article; hash: string }[] = [];
      for (const article of changes.upserted) {
        const hash = articleHash(article);
        if (hashes.get(article.id) !== hash || this.current.get(article.id)?.source !== article.source) fresh.push({ article, hash });
        if (++n % RECORD_STEP === 0) yield;
      }
      const replaced = fresh.flatMap(({ article }) => hashes.get(article.id) ?? []);
      entry.fingerprint = withHashes(entry.fingerprint, [...gone.map((id) => hashes.get(id)!), ...replaced], fresh.map(({ hash }) => hash));
      for (const id of gone) {
        hashes.delete(id);
        entry.pending.added.delete(id);
        entry.pending.removed.add(id);
        touched.add(id);
      }
      for (const { article, hash } of fresh) {
        if (hashes.has(article.id)) entry.pending.removed.add(article.id);
        hashes.set(article.id, hash);
        entry.pending.added.set(article.id, article);
        touched.add(article.id);
      }
      stateOf(entry).files = changes.files.length ? changes.files : stateOf(entry).files;
      entry.stamp = entry.source.stamp ? changes.stamp : entry.fingerprint;
      entry.skipped = changes.skipped;
      entry.warnings = changes.warnings;
    }
    const change: CorpusChange = { added: [], removed: [] };
    const diff: CorpusDiff = { added: [], updated: [], removed: [] };
    const entries = [...this.#entries.values()];
    for (const id of touched) {
      if (++n % RECORD_STEP === 0) yield;
      const versions = entries.flatMap((entry) => (stateOf(entry).hashes.has(id) ? [articleOf(entry, id)] : []));
      const before = this.current.get(id);
      const after = versions.length ? composeArticle(versions) : undefined;
      if (before && after && !contentChanged(before, after) && before.source === after.source) continue;
      if (before) change.removed.push(id);
      if (after) change.added.push(after);
      if (!before && after) diff.added.push(id);
      else if (before && !after) diff.removed.push(id);
      // A rename alone is no change to report (diff.ts), though the index learns the new path.
      else if (before && after && contentChanged(before, after)) diff.updated.push(id);
    }
    return { change, diff: { added: diff.added.sort(), updated: diff.updated.sort(), removed: diff.removed.sort() } };
  }

  /**
   * At open, sources changed since the snapshot: their changes applied to the restored index. False when one
   * cannot say what changed file by file (the caller loads everything).
   */
  async #catchUp(changed: string[], stamped: Stamped[], path: string): Promise<boolean> {
    const updates: { entry: Entry; changes: SourceChanges }[] = [];
    for (const entry of this.#entries.values()) await readyState(entry);
    for (const id of changed) {
      const entry = this.#entries.get(id)!;
      const loaded = stamped.find((item) => item.source.id === id)?.loaded;
      const changes = loaded ? changesFromLoad(entry, loaded) : await this.#changesOf(entry);
      if (!changes) {
        this.#snapshot!.log(`corpus snapshot: stale (changed: ${id}, too many files to apply one by one); rebuilding ${path}`);
        return false;
      }
      updates.push({ entry, changes });
    }
    const diff = this.#apply(updates);
    this.#snapshot!.log(`corpus snapshot: restored ${path}; applied what changed since in ${changed.join(', ')}: ${diff.added.length} added, ${diff.updated.length} updated, ${diff.removed.length} removed`);
    this.#queue = this.#queue.then(() => this.#mergeIfDue());
    return true;
  }

  /** Past the threshold, the changes accumulated in the index are merged by a full build. Never throws (logged). */
  async #mergeIfDue(): Promise<void> {
    const size = this.current.size;
    const due = Math.max(1, Math.min(this.#merge.mergeArticles, Math.ceil(this.#merge.mergeShare * size)));
    if (this.current.pendingChanges < due) return;
    try {
      if (this.#key) await this.#reloadInWorker([], this.#key);
      else {
        for (const entry of this.#entries.values()) settle(entry);
        this.current = this.#build();
        this.#save();
      }
    } catch (error) {
      this.#snapshot?.log(`corpus merge failed (${(error as Error).message}); serving the corpus with its changes, merged at the next change`);
    }
  }

  /** Sources in order (folders before feeds): on a shared id the first source's fields win, as for files. */
  #build(): CorpusIndex {
    return composeIndex([...this.#entries.values()].map(articlesOf), this.#taxonomy);
  }

  /**
   * A full build on a worker thread (rebuild.ts): `targets` (folders) are loaded again there, other sources
   * reloaded are loaded here (feeds: a store read) and handed over, the rest come from the snapshot being
   * served with the changes made since. This thread only restores the snapshot the worker wrote, then swaps.
   * No targets: a merge of the changes recorded (`recorded`: what they changed, not yet in `current`).
   */
  async #reloadInWorker(targets: ArticleSource[], servingKey: string, recorded?: CorpusDiff): Promise<ReloadResult> {
    const reloading = new Set(targets.map((source) => source.id));
    const given = new Map<string, Entry>();
    for (const source of targets) if (!(source instanceof FolderSource)) given.set(source.id, await loadEntry(source));
    const entries = [...this.#entries.values()];
    const sources: RebuildSource[] = [];
    for (const entry of entries) {
      const { source } = entry;
      if (source instanceof FolderSource && !given.has(source.id)) {
        const folder = { id: source.id, folder: { dir: source.dir, maxFileBytes: source.maxFileBytes }, stamp: entry.stamp };
        // A folder loaded again needs nothing of its state here (at 100k, reading its files' stamps back took ~60 MB).
        if (reloading.has(source.id)) {
          sources.push({ ...folder, reload: true });
          continue;
        }
        await readyState(entry);
        const files = stateOf(entry).files;
        const since = { pending: entry.pending, fingerprint: entry.fingerprint, skipped: entry.skipped, warnings: entry.warnings, files: files ? await runInSlices(packFiles(files), SLICE_MS) : null };
        sources.push({ ...folder, reload: false, since });
        continue;
      }
      const loaded = given.get(source.id) ?? entry;
      await readyState(loaded);
      sources.push({ id: source.id, given: { id: source.id, stamp: loaded.stamp, fingerprint: loaded.fingerprint, load: { articles: articlesOf(loaded), skipped: loaded.skipped, warnings: loaded.warnings }, state: stateOf(loaded) } });
    }
    const snapshot = this.#snapshot!;
    // The serving snapshot is the corpus only while no change is pending: otherwise this thread diffs.
    const exact = entries.every((entry) => entry.pending.added.size === 0 && entry.pending.removed.size === 0);
    const result = await rebuildInWorker({ dir: snapshot.dir, topics: this.#taxonomy?.topics ?? null, servingKey, sources, diff: exact && targets.length > 0 });
    const restored = await readSnapshotInSlices(snapshotPath(snapshot.dir, sources.map((source) => source.id)), result.key, this.#taxonomy, snapshot);
    if (!restored) throw new Error('the rebuilt corpus snapshot could not be read back; keeping the current corpus');
    // A merge changes no article but those recorded, unless the worker found the serving snapshot replaced and loaded the folders again.
    const diff = result.diff ?? (targets.length === 0 && result.fromServing ? (recorded ?? { added: [], updated: [], removed: [] }) : await runInSlices(diffSteps(this.current.articles, restored.index.articles), SLICE_MS));
    for (const { id, stamp } of result.sources) {
      const before = this.#entries.get(id)!;
      const entry = restoredEntry(before.source, stamp, restored);
      // A source not reloaded has the state this thread already holds (its changes recorded in it), so the
      // next reload need not read 100k files' rows back from the snapshot.
      if (result.fromServing && !reloading.has(id) && !given.has(id)) entry.state = before.state;
      this.#entries.set(id, entry);
    }
    this.current = restored.index;
    this.#key = result.key;
    return { ...diff, skipped: targets.flatMap((source) => this.#entries.get(source.id)!.skipped), sources: targets.map((source) => source.id) };
  }

  /**
   * Saves the current index to the snapshot, then serves it from there (bodies leave the heap). A failure
   * is logged and changes nothing: the corpus is served as built.
   */
  #save(): void {
    if (!this.#snapshot) return;
    // Until the write succeeds the file (if any) is not what `current` is: no worker may read sources from it.
    this.#key = undefined;
    const entries = [...this.#entries.values()];
    const ids = entries.map((entry) => entry.source.id);
    const key = snapshotKey(this.#taxonomy, entries.map((entry) => ({ id: entry.source.id, stamp: entry.stamp })));
    const path = snapshotPath(this.#snapshot.dir, ids);
    try {
      writeSnapshot(
        path,
        key,
        this.current,
        entries.map((entry) => ({ id: entry.source.id, stamp: entry.stamp, fingerprint: entry.fingerprint, load: { articles: articlesOf(entry), skipped: entry.skipped, warnings: entry.warnings }, state: stateOf(entry) })),
      );
    } catch (error) {
      this.#snapshot.log(`corpus snapshot: could not write ${path} (${(error as Error).message}); serving the corpus as built`);
      return;
    }
    const restored = readSnapshot(path, key, this.#taxonomy, this.#snapshot);
    if (!restored) return;
    for (const entry of entries) this.#entries.set(entry.source.id, restoredEntry(entry.source, entry.stamp, restored));
    this.current = restored.index;
    this.#key = key;
  }
}

interface Stamped {
  source: ArticleSource;
  stamp: string;
  /** A source without stamp(): loaded to make its stamp (its fingerprint). */
  loaded?: Entry;
}

/** A source's stamp; a source without stamp() is loaded, and its fingerprint is its stamp. */
async function stampOne(source: ArticleSource): Promise<Stamped> {
  if (source.stamp) return { source, stamp: await source.stamp() };
  const loaded = await loadEntry(source);
  return { source, stamp: loaded.stamp, loaded };
}

async function loadEntry(source: ArticleSource, stamp?: string): Promise<Entry> {
  const load = await source.load();
  const { hashes, fingerprint } = hashesOf(load.articles);
  const state: SourceState = { hashes, ...(load.files && { files: load.files }) };
  return { source, stamp: stamp ?? fingerprint, fingerprint, skipped: load.skipped, warnings: load.warnings, base: load, pending: noChanges(), readState: () => known(state), state };
}

function restoredEntry(source: ArticleSource, stamp: string, restored: Restored): Entry {
  const saved = restored.sources.get(source.id)!;
  return { source, stamp, fingerprint: saved.fingerprint, skipped: saved.load.skipped, warnings: saved.load.warnings, base: saved.load, pending: noChanges(), readState: saved.state };
}

/** A loaded entry's articles as changes to a restored one (a source without stamp() at open). */
function changesFromLoad(entry: Entry, loaded: Entry): SourceChanges {
  const before = stateOf(entry).hashes;
  const now = stateOf(loaded).hashes;
  return {
    upserted: loaded.base.articles.filter((article) => before.get(article.id) !== now.get(article.id)),
    removed: [...before.keys()].filter((id) => !now.has(id)),
    skipped: loaded.skipped,
    warnings: loaded.warnings,
    files: [],
    stamp: loaded.stamp,
  };
}

/** Articles recorded between yields (each: a hash, or a compose and a comparison of bodies). */
const RECORD_STEP = 16;

const noChanges = (): PendingChanges => ({ added: new Map(), removed: new Set() });

/** A value already at hand, as steps. */
function* known<T>(value: T): Steps<T> {
  return value;
}

/** The entry's state (read at once if it was not read yet: see readyState). */
function stateOf(entry: Entry): SourceState {
  entry.state ??= runAtOnce(entry.readState());
  return entry.state;
}

/** Reads the entry's state in slices if it was not read yet (100k files' stamps: ~0.2 s of parsing). */
async function readyState(entry: Entry): Promise<void> {
  entry.state ??= await runInSlices(entry.readState(), SLICE_MS);
}

function articlesOf(entry: Entry): Article[] {
  return withPending(entry.base.articles, entry.pending);
}

/** The source's article with this id (it has it). */
function articleOf(entry: Entry, id: string): Article {
  const added = entry.pending.added.get(id);
  if (added) return added;
  entry.baseById ??= new Map(entry.base.articles.map((article) => [article.id, article]));
  return entry.baseById.get(id)!;
}

/** The entry's changes folded into its articles (a merge without a worker). */
function settle(entry: Entry): void {
  entry.base = { articles: articlesOf(entry), skipped: entry.skipped, warnings: entry.warnings };
  entry.pending = noChanges();
  entry.baseById = undefined;
}
