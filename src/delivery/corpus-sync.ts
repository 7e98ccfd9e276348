// Keeps every process on the same corpus. Whenever a process changes one of its sources (an `/admin reseed`,
// a folder change its watcher saw, a feed it fetched), it records the source's new fingerprint under
// `corpus:source:<id>` in the store's `meta` namespace, then a change record under `corpus:reseed`
// ({ generation, at, by, reason, sources, dirs, counts }). Every process reads the change record before each
// feed or digest run and every 30 s (one small read when nothing changed); when it differs from the last one
// it saw, it compares each of its sources' fingerprints with the recorded ones and reloads only those that
// differ. Replicas watching the same folder compute the same fingerprint, so a change one of them already
// applied costs the others nothing. Folders must exist on every host (a shared volume or the same image);
// feed articles live in the store itself (src/sources/feed-state.ts).
import type Keyv from 'keyv';
import type { ReloadResult, ReseedResult } from '../index/corpus-holder.ts';
import { corpusFolderPath } from '../sources/folder-path.ts';
import { systemEvery, type Every } from './every.ts';
import { silentLogger, systemClock, type Clock, type DeliveryLogger } from './model.ts';
import { relative, isAbsolute } from 'node:path';

/** The last change to the corpus made by any process: `/admin status` shows it. */
export interface ChangeRecord {
  /** Grows by one with each change, in whichever process (a hint: two changes racing may share one). */
  generation: number;
  /** ISO time of the change. */
  at: string;
  /** The process that made it (delivery owner). */
  by: string;
  /** Why: "reseed", "3 files changed in /srv/news", "feed Example: 2 new". */
  reason: string;
  /** Source ids reloaded. */
  sources: string[];
  /** The folders among them. */
  dirs: string[];
  added: number;
  updated: number;
  removed: number;
}

interface SourceRecord {
  fingerprint: string;
  at: string;
  by: string;
}

/** What the sync needs from the live corpus: src/index's CorpusHolder. */
export interface SyncedCorpus {
  sources(): { id: string }[];
  fingerprint(id: string): string | undefined;
  reload(ids?: readonly string[]): Promise<ReloadResult>;
  /** Resolves when queued reloads and merges are done. */
  idle(): Promise<void>;
}

export const RESEED_RECORD_KEY = 'corpus:reseed';
export const sourceRecordKey = (id: string): string => `corpus:source:${id}`;
export const SYNC_INTERVAL_MS = 30_000;

export interface CorpusSyncOptions {
  /** The store's `meta` namespace, shared by every process. */
  meta: Keyv;
  corpus: SyncedCorpus;
  /** This process, as in claims. */
  owner: string;
  clock?: Clock;
  log?: DeliveryLogger;
  every?: Every;
  intervalMs?: number;
  /** Called after every reload that changed something here (the bot updates its corpus-size metric). */
  onReload?: (result: ReloadResult) => void;
}

/** A reseed path that is not one of the configured corpus folders (nor inside one). */
export class ReseedPathError extends Error {}

const FOLDER = 'folder:';
const folderOf = (id: string) => (id.startsWith(FOLDER) ? id.slice(FOLDER.length) : undefined);
const changed = (r: ReseedResult) => r.added.length + r.updated.length + r.removed.length > 0;
const sameRecord = (a: ChangeRecord | undefined, b: ChangeRecord | undefined) => a?.generation === b?.generation && a?.by === b?.by && a?.at === b?.at;

export class CorpusSync {
  readonly #options: CorpusSyncOptions;
  readonly #log: DeliveryLogger;
  /** The change record this process last compared its sources against. */
  #seen: ChangeRecord | undefined;
  /** Fingerprints this process could not reach (the folder missing here): logged once, not every 30 s. */
  readonly #unreachable = new Map<string, string>();
  /** Source → the recorded fingerprint whose reload threw: said once, tried again at every check. */
  readonly #unfollowed = new Map<string, string>();
  #checking: Promise<ReloadResult | undefined> | undefined;
  #timer: { stop(): void } | undefined;

  constructor(options: CorpusSyncOptions) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
  }

  /**
   * Call once the corpus is loaded, before serving: sources another process changed since (a feed fetched
   * while this one was down) are reloaded now; then the periodic check starts.
   */
  async start(): Promise<ReloadResult | undefined> {
    const applied = await this.check();
    this.#timer ??= (this.#options.every ?? systemEvery)(this.#options.intervalMs ?? SYNC_INTERVAL_MS, () => void this.check());
    return applied;
  }

  /**
   * Reloads the folders given (a folder or a path inside one reloads that whole folder; the others stay),
   * or every source when none is given, and records it for the other processes. Paths resolve like
   * CORPUS_DIRS (src/sources/folder-path.ts). Throws ReseedPathError for a path outside every configured
   * folder: a reseed never adds a folder (a server admin on Discord must not make the bot read arbitrary
   * host paths; add folders with CORPUS_DIRS). A failed reseed records nothing. It resolves once a merge the
   * changes made due is done too (on a worker: the bot keeps answering), so what an admin sees after a reseed
   * is what a full build gives: stories across old and new articles, every heat re-ranked (corpus-holder.ts).
   */
  async reseed(paths?: readonly string[]): Promise<ReloadResult & { dirs: string[] }> {
    const ids = paths?.length ? paths.map((path) => this.folderSourceFor(path)) : undefined;
    const result = await this.reload(ids && [...new Set(ids)], 'reseed', true);
    await this.#options.corpus.idle();
    return { ...result, dirs: result.sources.flatMap((id) => folderOf(id) ?? []) };
  }

  /** The folder source `path` names or lies inside; throws ReseedPathError otherwise. */
  folderSourceFor(path: string): string {
    const target = corpusFolderPath(path);
    const folders = this.#options.corpus.sources().flatMap((source) => folderOf(source.id) ?? []);
    // The innermost folder wins when folders nest.
    const containing = folders
      .filter((folder) => {
        const inside = relative(folder, target);
        return !inside.startsWith('..') && !isAbsolute(inside);
      })
      .sort((a, b) => b.length - a.length)[0];
    if (!containing) throw new ReseedPathError(`${target}: the path must be inside one of the corpus folders (${folders.join(', ')}); relative paths start from ${process.cwd()}, and CORPUS_DIRS adds folders`);
    return `${FOLDER}${containing}`;
  }

  /**
   * Reloads sources of this process (default: all) and records the result for the others when something
   * changed (always, when `always`). Throws what the reload throws, recording nothing.
   */
  async reload(ids: readonly string[] | undefined, reason: string, always = false): Promise<ReloadResult> {
    const result = await this.#options.corpus.reload(ids);
    if (changed(result)) this.#options.onReload?.(result);
    if (always || changed(result)) await this.#record(result, reason);
    return result;
  }

  /**
   * Reloads the sources whose recorded fingerprint differs from this process's, when the change record moved
   * since this process last looked; resolves to the diff then, undefined otherwise. Never throws (a failure is
   * logged; runs go on with the corpus they have). Concurrent calls share one check.
   */
  check(): Promise<ReloadResult | undefined> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** The last change recorded by any process, if any. */
  async latest(): Promise<ChangeRecord | undefined> {
    return (await this.#options.meta.get<ChangeRecord>(RESEED_RECORD_KEY)) ?? undefined;
  }

  stop(): void {
    this.#timer?.stop();
    this.#timer = undefined;
  }

  async #record(result: ReloadResult, reason: string): Promise<void> {
    const { meta, corpus, owner } = this.#options;
    const at = (this.#options.clock ?? systemClock).now().toISOString();
    // Sources first, then the change record: a process that sees the new record finds the new fingerprints.
    await Promise.all(result.sources.map((id) => meta.set(sourceRecordKey(id), { fingerprint: corpus.fingerprint(id), at, by: owner } satisfies Partial<SourceRecord>)));
    const previous = await this.latest();
    const record: ChangeRecord = {
      generation: (previous?.generation ?? 0) + 1,
      at,
      by: owner,
      reason,
      sources: result.sources,
      dirs: result.sources.flatMap((id) => folderOf(id) ?? []),
      added: result.added.length,
      updated: result.updated.length,
      removed: result.removed.length,
    };
    await meta.set(RESEED_RECORD_KEY, record);
    // #seen is left alone: a record another process wrote just before this one would be hidden by it.
  }

  async #check(): Promise<ReloadResult | undefined> {
    try {
      const latest = await this.latest();
      if (!latest || sameRecord(latest, this.#seen)) return undefined;
      const { meta, corpus } = this.#options;
      const ids = corpus.sources().map((source) => source.id);
      const records = await meta.getMany<SourceRecord>(ids.map(sourceRecordKey));
      const stale = ids.filter((id, i) => {
        const recorded = records[i]?.fingerprint;
        return recorded !== undefined && recorded !== corpus.fingerprint(id) && recorded !== this.#unreachable.get(id);
      });
      const before = this.#seen;
      this.#seen = latest;
      if (stale.length === 0) return undefined;
      const result = await this.#follow(stale, records, ids, latest);
      // A reload that failed (a store read timing out, a folder not yet mounted) is tried again at the next check.
      if (!result) this.#seen = before;
      return result;
    } catch (error) {
      this.#log.error({ err: error }, 'could not check for corpus changes by another process');
      return undefined;
    }
  }

  async #follow(stale: string[], records: (SourceRecord | undefined)[], ids: string[], latest: ChangeRecord): Promise<ReloadResult | undefined> {
    const { corpus } = this.#options;
    const recorded = (id: string) => records[ids.indexOf(id)]!.fingerprint;
    try {
      const result = await corpus.reload(stale);
      for (const id of stale) this.#unfollowed.delete(id);
      if (changed(result)) this.#options.onReload?.(result);
      for (const id of stale) {
        // Still different: this host sees other files (or an older copy) than the process that recorded it.
        if (corpus.fingerprint(id) !== recorded(id)) this.#unreachable.set(id, recorded(id));
      }
      this.#log.info(
        { sources: stale, generation: latest.generation, by: latest.by, added: result.added.length, updated: result.updated.length, removed: result.removed.length },
        'corpus reloaded to follow another process',
      );
      return result;
    } catch (error) {
      // Said once per source and change: the check every 30 s tries it again.
      if (stale.some((id) => this.#unfollowed.get(id) !== recorded(id))) {
        this.#log.error({ err: error, sources: stale, generation: latest.generation, by: latest.by }, 'could not follow a corpus change by another process; keeping the current corpus until the next check');
      }
      for (const id of stale) this.#unfollowed.set(id, recorded(id));
      return undefined;
    }
  }
}
