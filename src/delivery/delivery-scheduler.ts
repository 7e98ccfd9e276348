// Keeps one cron job per feed and per digest, restored from storage at start and changed without restart.
// A run missed while the bot was down is caught up once at start, however many ticks were missed.
// Start-up survives a store outage (a stopped database, a full disk): restoring the jobs is retried with
// backoff, and a catch-up run that fails is retried with backoff until it or a run of its own job succeeds.
// A scheduled run that fails (a Discord 503, the store down) is retried with backoff until its job's next tick;
// the claims keep every retry exactly once.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Digest, Feed, Clock, DeliveryLogger } from './model.ts';
import { silentLogger } from './model.ts';
import type { DigestRepo, FeedRepo } from './repos.ts';
import type { FeedRunner, FeedRunResult } from './feed-runner.ts';
import type { DigestRunner, DigestRunResult } from './digest-runner.ts';
import type { DeliveryStatusStore, DeliveryTarget, TargetKind } from './status.ts';
import type { JobScheduler, ScheduledJob } from './job-scheduler.ts';
import { dailyCron, latestRunAtOrBefore, missedRun, skippedDailyRun } from './cron-time.ts';
import { runOutcome, silentObserver, type DeliveryObserver } from './observer.ts';

export interface DeliverySchedulerDeps {
  feeds: FeedRepo;
  digests: DigestRepo;
  feedRunner: FeedRunner;
  digestRunner: DigestRunner;
  status: DeliveryStatusStore;
  jobs: JobScheduler;
  clock: Clock;
  /** With sharding: only guilds this process serves. Default: all. */
  ownsGuild?: (guildId: string) => boolean;
  /** Awaited before every run, e.g. to follow a reseed made by another process (CorpusSync.check); must not throw. */
  beforeRun?: () => Promise<unknown>;
  log?: DeliveryLogger;
  /** Told how every run ended (metrics). */
  observer?: DeliveryObserver;
  /** Start-up retries (default START_RETRY). */
  retry?: Partial<typeof START_RETRY>;
  /** Waits `ms`, rejecting when `signal` aborts (scheduler stopped); default a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Backoff for start-up steps that failed on the store: the first wait, doubled each time up to the last. */
export const START_RETRY = { firstDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * Backoff for a scheduled run that failed: the first wait, doubled each time up to the last, while the job's next
 * tick is further away than the wait (that tick then runs as usual).
 */
export const RUN_RETRY = { firstDelayMs: 30_000, maxDelayMs: 10 * 60_000 };

/** A feed re-run for an unconfirmed claim waits this long past the claim's expiry (clock skew between processes). */
export const RECHECK_MARGIN_MS = 2_000;

export interface StartReport {
  feeds: number;
  digests: number;
  /** Targets run once at start because a tick was missed while down. */
  caughtUp: { kind: TargetKind; id: string }[];
}

// A digest slot is daily; 26 h covers a day plus a daylight-saving shift.
const DIGEST_LOOKBACK_MS = 26 * 3600_000;

export class DeliveryScheduler {
  readonly #deps: DeliverySchedulerDeps;
  readonly #jobs = new Map<string, ScheduledJob>();
  readonly #log: DeliveryLogger;
  readonly #observer: DeliveryObserver;
  readonly #retry: typeof START_RETRY;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Catch-up runs still to succeed, by job name; a tick of the job itself removes its entry (its retries take over). */
  readonly #catchUps = new Map<string, () => Promise<FeedRunResult | DigestRunResult | undefined>>();
  /** Aborted by stop(): ends start-up retries and pending rechecks. */
  #starting = new AbortController();
  /** Feeds with a re-run pending for an unconfirmed claim (see #recheck). */
  readonly #rechecks = new Set<string>();
  /** The retries of a job's failed tick (see #retryTick), by job name: aborted by its next tick or a new job. */
  readonly #retrying = new Map<string, AbortController>();

  constructor(deps: DeliverySchedulerDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? silentLogger;
    this.#observer = deps.observer ?? silentObserver;
    this.#retry = { ...START_RETRY, ...deps.retry };
    this.#sleep = deps.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }));
  }

  /** Restores every job and catches up missed runs; resolves once all are done, or early (partial report) when stopped. */
  async start(): Promise<StartReport> {
    const stopping = (this.#starting = new AbortController()).signal;
    const owns = this.#deps.ownsGuild ?? (() => true);
    const report: StartReport = { feeds: 0, digests: 0, caughtUp: [] };
    try {
      const feeds = (await this.#persist('restoring feeds', stopping, () => this.#deps.feeds.listAll())).filter((f) => owns(f.guildId));
      const digests = (await this.#persist('restoring digests', stopping, () => this.#deps.digests.listAll())).filter((d) => owns(d.guildId));
      // Each target's "now" is read once its job exists: a tick that came due while earlier ones were scheduled
      // (a store retried for seconds) is caught up, a later one is the job's.
      for (const feed of feeds) {
        await this.#persist(`scheduling feed ${feed.id}`, stopping, () => this.scheduleFeed(feed));
        report.feeds++;
        const now = this.#deps.clock.now();
        if (!feed.paused && missedRun(feed.schedule, feed.timezone, new Date(feed.lastRunAt ?? feed.createdAt), now)) {
          report.caughtUp.push({ kind: 'feed', id: feed.id });
          this.#catchUps.set(`feed:${feed.id}`, () => this.#attempt('feed', feed.id, this.#feedRun(feed.id)));
        }
      }
      for (const digest of digests) {
        await this.#persist(`scheduling digest ${digest.id}`, stopping, () => this.scheduleDigest(digest));
        report.digests++;
        const now = this.#deps.clock.now();
        if (!digest.paused && missedRun(dailyCron(digest.time), digest.timezone, new Date(digest.lastRunAt ?? digest.createdAt), now)) {
          report.caughtUp.push({ kind: 'digest', id: digest.id });
          const slot = latestRunAtOrBefore(dailyCron(digest.time), digest.timezone, now, DIGEST_LOOKBACK_MS) ?? now;
          this.#catchUps.set(`digest:${digest.id}`, () => this.#attempt('digest', digest.id, this.#digestRun(digest.id, slot)));
        }
      }
      await this.#catchUp(stopping);
    } catch (error) {
      if (!stopping.aborted) throw error;
      this.#log.info({ ...report, caughtUp: report.caughtUp.length }, 'delivery start-up stopped before it finished');
      return report;
    }
    this.#log.info({ feeds: report.feeds, digests: report.digests, caughtUp: report.caughtUp.length }, 'delivery scheduled');
    return report;
  }

  /** (Re)schedules after a feed was saved; a paused feed keeps no job. */
  async scheduleFeed(feed: Feed): Promise<void> {
    const job = feed.paused
      ? undefined
      : this.#deps.jobs.schedule(`feed:${feed.id}`, feed.schedule, feed.timezone, (tick) => this.#tick('feed', feed.id, this.#feedRun(feed.id, tick)));
    await this.#replace({ kind: 'feed', id: feed.id, guildId: feed.guildId }, job);
  }

  async scheduleDigest(digest: Digest): Promise<void> {
    const job = digest.paused ? undefined : this.#digestJob(digest);
    await this.#replace({ kind: 'digest', id: digest.id, guildId: digest.guildId }, job);
  }

  /**
   * A digest's job: its daily cron, and on a day its zone's clocks jump past its time (02:30 on the spring change
   * in New York), which cron skips, a run at the first moment after the jump. That run is planned when the job
   * starts and after each run, the next two days ahead (skippedDailyRun).
   */
  #digestJob(digest: Digest): ScheduledJob {
    const name = `digest:${digest.id}`;
    // Planned before the run, which records the next run (/admin status) once done.
    const run = (slot: Date) => {
      plan();
      return this.#tick('digest', digest.id, this.#digestRun(digest.id, slot));
    };
    const daily = this.#deps.jobs.schedule(name, dailyCron(digest.time), digest.timezone, run);
    let skipped: ScheduledJob | undefined;
    const plan = () => {
      skipped?.stop();
      const at = skippedDailyRun(digest.time, digest.timezone, this.#deps.clock.now());
      const next = daily.nextRun();
      skipped = at && (!next || at < next) ? this.#deps.jobs.once(`${name}:skipped-by-clock-change`, at, run) : undefined;
    };
    plan();
    return {
      name,
      nextRun: () => [daily.nextRun(), skipped?.nextRun()].filter((t): t is Date => t instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null,
      stop: () => {
        daily.stop();
        skipped?.stop();
      },
    };
  }

  unschedule(kind: TargetKind, id: string): void {
    this.#jobs.get(`${kind}:${id}`)?.stop();
    this.#jobs.delete(`${kind}:${id}`);
    this.#retrying.get(`${kind}:${id}`)?.abort();
  }

  nextRun(kind: TargetKind, id: string): Date | null {
    return this.#jobs.get(`${kind}:${id}`)?.nextRun() ?? null;
  }

  /** Runs a feed now, outside its schedule (playground "run now"); same exactly-once rules. */
  runFeedNow(id: string): Promise<FeedRunResult | undefined> {
    return this.#runFeed(id);
  }

  /** Posts a digest now as an extra one: its period key is the current time, not a schedule slot. */
  runDigestNow(id: string): Promise<DigestRunResult | undefined> {
    const now = this.#deps.clock.now();
    return this.#run('digest', id, async () => {
      const digest = await this.#deps.digests.get(id);
      return digest && this.#deps.digestRunner.run(digest, now, `manual:${now.toISOString()}`);
    });
  }

  stop(): void {
    this.#starting.abort();
    this.#catchUps.clear();
    for (const job of this.#jobs.values()) job.stop();
    this.#jobs.clear();
  }

  async #replace(target: DeliveryTarget, job: ScheduledJob | undefined): Promise<void> {
    const name = `${target.kind}:${target.id}`;
    this.#jobs.get(name)?.stop();
    this.#retrying.get(name)?.abort();
    if (job) this.#jobs.set(name, job);
    else this.#jobs.delete(name);
    await this.#deps.status.recordNextRun(target, job?.nextRun() ?? null);
  }

  /** Runs `step` until it succeeds, waiting longer after each failure; throws only once `stopping` aborts. */
  async #persist<T>(what: string, stopping: AbortSignal, step: () => Promise<T>): Promise<T> {
    for (let delay = this.#retry.firstDelayMs; ; delay = Math.min(delay * 2, this.#retry.maxDelayMs)) {
      stopping.throwIfAborted();
      try {
        return await step();
      } catch (error) {
        this.#log.warn({ err: error, retryInMs: delay }, `start-up: ${what} failed (store unavailable?); retrying`);
        await this.#sleep(delay, stopping);
      }
    }
  }

  /** Rounds over the pending catch-up runs, backing off between rounds, until none is left. */
  async #catchUp(stopping: AbortSignal): Promise<void> {
    for (let delay = this.#retry.firstDelayMs; this.#catchUps.size > 0; delay = Math.min(delay * 2, this.#retry.maxDelayMs)) {
      let failure: unknown;
      for (const [name, run] of [...this.#catchUps]) {
        stopping.throwIfAborted();
        if (this.#catchUps.get(name) !== run) continue; // its own tick took over meanwhile
        try {
          const result = await run();
          if (result?.error !== undefined) failure = new Error(result.error);
          else if (this.#catchUps.get(name) === run) this.#catchUps.delete(name);
        } catch (error) {
          failure = error;
        }
      }
      if (this.#catchUps.size === 0) return;
      const pending = [...this.#catchUps.keys()];
      this.#log.warn({ err: failure, pending, retryInMs: delay }, `start-up: ${pending.length} catch-up run(s) failed; retrying`);
      await this.#sleep(delay, stopping);
    }
  }

  /**
   * A run found a post claimed but never confirmed: its sender may have died after Discord took the message.
   * Waiting for the feed's next tick (an hour, a day) would resend it after Discord's nonce window and post it
   * twice, so the feed runs again as soon as the claim expires; the same nonce makes Discord return the message.
   */
  #recheck(id: string, at: number): void {
    if (this.#rechecks.has(id)) return;
    this.#rechecks.add(id);
    const delay = Math.max(0, at - this.#deps.clock.now().getTime()) + RECHECK_MARGIN_MS;
    void this.#sleep(delay, this.#starting.signal).then(
      () => {
        this.#rechecks.delete(id);
        return this.#runFeed(id);
      },
      () => this.#rechecks.delete(id),
    );
  }

  /**
   * The job's tick. It ends the retries of an earlier tick still waiting, and a catch-up of the same target still
   * pending: this run, or its own retries, take over. A feed's retry claims the tick again, as the tick did: a
   * process that skipped the tick (another claimed it) has nothing to retry, and after a store outage that failed
   * every process's tick, the first retry to claim it runs it.
   */
  async #tick(kind: TargetKind, id: string, run: () => Promise<FeedRunResult | DigestRunResult | undefined>): Promise<void> {
    const name = `${kind}:${id}`;
    const job = this.#jobs.get(name);
    this.#retrying.get(name)?.abort();
    const succeeded = await this.#succeeds(kind, id, run);
    this.#catchUps.delete(name);
    if (!succeeded && job && this.#jobs.get(name) === job) this.#retryTick(kind, id, job, run);
  }

  /**
   * Retries a failed tick's run, backing off (RUN_RETRY), until one succeeds, the job's next tick comes before the
   * next wait ends, or the retries are aborted (the next tick, a new job for the target, stop()): a daily digest
   * would otherwise lose its day to one failed request. Not awaited by the tick, so node-cron never skips the
   * next tick as overlapping.
   */
  #retryTick(kind: TargetKind, id: string, job: ScheduledJob, run: () => Promise<FeedRunResult | DigestRunResult | undefined>): void {
    const name = `${kind}:${id}`;
    const retries = new AbortController();
    this.#retrying.set(name, retries);
    const signal = AbortSignal.any([retries.signal, this.#starting.signal]);
    const loop = async () => {
      for (let delay = RUN_RETRY.firstDelayMs; ; delay = Math.min(delay * 2, RUN_RETRY.maxDelayMs)) {
        const next = job.nextRun();
        if (!next || this.#deps.clock.now().getTime() + delay >= next.getTime()) {
          this.#log.warn({ kind, id }, `${kind} run failed; its next tick runs it again`);
          return;
        }
        this.#log.warn({ kind, id, retryInMs: delay }, `${kind} run failed; retrying in ${Math.round(delay / 1000)} s`);
        await this.#sleep(delay, signal);
        if (signal.aborted || (await this.#succeeds(kind, id, run))) return;
      }
    };
    void loop()
      .catch(() => undefined) // aborted during a wait
      .finally(() => {
        if (this.#retrying.get(name) === retries) this.#retrying.delete(name);
      });
  }

  /** One run; false when it threw or stopped on a transient error (a failed post), either logged. */
  async #succeeds(kind: TargetKind, id: string, run: () => Promise<FeedRunResult | DigestRunResult | undefined>): Promise<boolean> {
    try {
      return (await this.#attempt(kind, id, run))?.error === undefined;
    } catch (error) {
      this.#log.error({ kind, id, err: error }, `${kind} run crashed`);
      return false;
    }
  }

  #runFeed(id: string): Promise<FeedRunResult | undefined> {
    return this.#run('feed', id, this.#feedRun(id));
  }

  /** `tick`: a scheduled tick's time, which one process runs (FeedRunner.run); absent for a catch-up or "run now". */
  #feedRun(id: string, tick?: Date): () => Promise<FeedRunResult | undefined> {
    return async () => {
      // Re-read: another process may have paused or edited it since it was scheduled.
      const feed = await this.#deps.feeds.get(id);
      return feed && this.#deps.feedRunner.run(feed, this.#deps.clock.now(), tick);
    };
  }

  /** A scheduled or caught-up digest is keyed by its schedule slot, so every process agrees on it. */
  #digestRun(id: string, slot: Date): () => Promise<DigestRunResult | undefined> {
    return async () => {
      const digest = await this.#deps.digests.get(id);
      return digest && this.#deps.digestRunner.run(digest, this.#deps.clock.now(), slot.toISOString());
    };
  }

  /** A job never throws into node-cron: failures are logged and the next tick retries. */
  async #run<R extends FeedRunResult | DigestRunResult>(kind: TargetKind, id: string, run: () => Promise<R | undefined>): Promise<R | undefined> {
    try {
      return await this.#attempt(kind, id, run);
    } catch (error) {
      this.#log.error({ kind, id, err: error }, `${kind} run crashed; the next tick retries`);
      return undefined;
    }
  }

  /** One run, counted in the observer, then its next run recorded; throws what the run or the store threw. */
  async #attempt<R extends FeedRunResult | DigestRunResult>(kind: TargetKind, id: string, run: () => Promise<R | undefined>): Promise<R | undefined> {
    try {
      await this.#deps.beforeRun?.();
      const result = await run();
      this.#observer.onRun(kind, runOutcome(result));
      if (result?.pausedReason) this.unschedule(kind, id);
      if (result && 'recheckAt' in result && result.recheckAt !== undefined) this.#recheck(id, result.recheckAt);
      const item = kind === 'feed' ? await this.#deps.feeds.get(id) : await this.#deps.digests.get(id);
      if (item) await this.#deps.status.recordNextRun({ kind, id, guildId: item.guildId }, this.nextRun(kind, id));
      return result;
    } catch (error) {
      this.#observer.onRun(kind, 'failed');
      throw error;
    }
  }
}
