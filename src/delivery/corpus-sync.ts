// Keeps every process on the same corpus. A reseed swaps the corpus of the process that ran it and records
// { dirs, generation, at, by } in the store's `meta` namespace; every process reads that record before each
// feed or digest run and every 30 s, and reseeds itself from the same folders when the record is newer than
// the last one it applied. One small read when nothing changed. The folders must exist on every host
// (a shared volume or the same image).
import { resolve } from 'node:path';
import type Keyv from 'keyv';
import type { ReseedResult } from '../index/corpus-holder.ts';
import { systemEvery, type Every } from './every.ts';
import { silentLogger, systemClock, type Clock, type DeliveryLogger } from './model.ts';

export interface ReseedRecord {
  dirs: string[];
  /** Grows by one with each reseed, in whichever process. */
  generation: number;
  /** ISO time of the reseed. */
  at: string;
  /** The reseeding process (delivery owner): tells apart two reseeds that raced to the same generation. */
  by: string;
}

/** What a reseed needs from the live corpus: src/index's CorpusHolder. */
export interface Reseedable {
  reseed(dirs: string[]): Promise<ReseedResult>;
}

export const RESEED_RECORD_KEY = 'corpus:reseed';
export const SYNC_INTERVAL_MS = 30_000;

export interface CorpusSyncOptions {
  /** The store's `meta` namespace, shared by every process. */
  meta: Keyv;
  corpus: Reseedable;
  /** This process, as in claims. */
  owner: string;
  clock?: Clock;
  log?: DeliveryLogger;
  every?: Every;
  intervalMs?: number;
}

/** Absolute, so every process reads the same folders whatever its working directory. */
const absolute = (dirs: readonly string[]) => dirs.map((dir) => resolve(dir));
const sameDirs = (a: readonly string[], b: readonly string[]) => a.length === b.length && absolute(a).every((dir, i) => dir === resolve(b[i]!));

export class CorpusSync {
  readonly #options: CorpusSyncOptions;
  readonly #log: DeliveryLogger;
  /** The last record this process applied (or wrote). */
  #applied: Pick<ReseedRecord, 'generation' | 'by'> | undefined;
  #checking: Promise<ReseedResult | undefined> | undefined;
  #timer: { stop(): void } | undefined;

  constructor(options: CorpusSyncOptions) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
  }

  /**
   * Call once the corpus is loaded from `loadedDirs`, before serving. A recorded reseed of other folders is
   * applied now (a new process joins the others' corpus); then the periodic check starts.
   */
  async start(loadedDirs: string[]): Promise<ReseedResult | undefined> {
    const record = await this.#read();
    const applied = record && !sameDirs(record.dirs, loadedDirs) ? await this.#apply(record) : undefined;
    if (record) this.#applied = record;
    this.#timer ??= (this.#options.every ?? systemEvery)(this.#options.intervalMs ?? SYNC_INTERVAL_MS, () => void this.check());
    return applied;
  }

  /** Reseeds this process from `dirs` and records it for the others. A failed reseed records nothing. */
  async reseed(dirs: string[]): Promise<ReseedResult> {
    const result = await this.#options.corpus.reseed(dirs);
    const previous = await this.#read();
    const record: ReseedRecord = {
      dirs: absolute(dirs),
      generation: Math.max(previous?.generation ?? 0, this.#applied?.generation ?? 0) + 1,
      at: (this.#options.clock ?? systemClock).now().toISOString(),
      by: this.#options.owner,
    };
    await this.#options.meta.set(RESEED_RECORD_KEY, record);
    this.#applied = record;
    return result;
  }

  /**
   * Reseeds from the record when another process reseeded since this one last did; resolves to the diff then,
   * undefined otherwise. Never throws (a failure is logged; runs go on with the corpus they have). Concurrent
   * calls share one check.
   */
  check(): Promise<ReseedResult | undefined> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined;
    });
    return this.#checking;
  }

  /** The last reseed recorded by any process, if any. */
  async latest(): Promise<ReseedRecord | undefined> {
    return this.#read();
  }

  stop(): void {
    this.#timer?.stop();
    this.#timer = undefined;
  }

  async #check(): Promise<ReseedResult | undefined> {
    try {
      const record = await this.#read();
      const applied = this.#applied;
      const newer = record && (!applied || record.generation > applied.generation || (record.generation === applied.generation && record.by !== applied.by));
      if (!newer) return undefined;
      // Marked first: a record this process cannot apply (folders missing here) is logged once, not every 30 s.
      this.#applied = record;
      return await this.#apply(record);
    } catch (error) {
      this.#log.error({ err: error }, 'could not check for a reseed by another process');
      return undefined;
    }
  }

  async #apply(record: ReseedRecord): Promise<ReseedResult | undefined> {
    try {
      const result = await this.#options.corpus.reseed(record.dirs);
      this.#log.info(
        { dirs: record.dirs, generation: record.generation, by: record.by, added: result.added.length, updated: result.updated.length, removed: result.removed.length },
        'corpus reseeded to follow another process',
      );
      return result;
    } catch (error) {
      this.#log.error({ err: error, dirs: record.dirs, generation: record.generation, by: record.by }, 'could not follow a reseed by another process; keeping the current corpus');
      return undefined;
    }
  }

  async #read(): Promise<ReseedRecord | undefined> {
    return (await this.#options.meta.get<ReseedRecord>(RESEED_RECORD_KEY)) ?? undefined;
  }
}
