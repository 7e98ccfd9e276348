// Keeps one cron job per feed and per digest, restored from storage at start and changed without restart.
// A run missed while the bot was down is caught up once at start, however many ticks were missed.
import type { Digest, Feed, Clock, DeliveryLogger } from './model.ts';
import { silentLogger } from './model.ts';
import type { DigestRepo, FeedRepo } from './repos.ts';
import type { FeedRunner, FeedRunResult } from './feed-runner.ts';
import type { DigestRunner, DigestRunResult } from './digest-runner.ts';
import type { DeliveryStatusStore, DeliveryTarget, TargetKind } from './status.ts';
import type { JobScheduler, ScheduledJob } from './job-scheduler.ts';
import { dailyCron, latestRunAtOrBefore, missedRun } from './cron-time.ts';
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
}

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

  constructor(deps: DeliverySchedulerDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? silentLogger;
    this.#observer = deps.observer ?? silentObserver;
  }

  async start(): Promise<StartReport> {
    const owns = this.#deps.ownsGuild ?? (() => true);
    const feeds = (await this.#deps.feeds.listAll()).filter((f) => owns(f.guildId));
    const digests = (await this.#deps.digests.listAll()).filter((d) => owns(d.guildId));
    const now = this.#deps.clock.now();
    const caughtUp: StartReport['caughtUp'] = [];
    for (const feed of feeds) {
      await this.scheduleFeed(feed);
      if (!feed.paused && missedRun(feed.schedule, feed.timezone, new Date(feed.lastRunAt ?? feed.createdAt), now)) {
        caughtUp.push({ kind: 'feed', id: feed.id });
        await this.#runFeed(feed.id);
      }
    }
    for (const digest of digests) {
      await this.scheduleDigest(digest);
      if (!digest.paused && missedRun(dailyCron(digest.time), digest.timezone, new Date(digest.lastRunAt ?? digest.createdAt), now)) {
        caughtUp.push({ kind: 'digest', id: digest.id });
        const slot = latestRunAtOrBefore(dailyCron(digest.time), digest.timezone, now, DIGEST_LOOKBACK_MS) ?? now;
        await this.#runDigest(digest.id, slot);
      }
    }
    this.#log.info({ feeds: feeds.length, digests: digests.length, caughtUp: caughtUp.length }, 'delivery scheduled');
    return { feeds: feeds.length, digests: digests.length, caughtUp };
  }

  /** (Re)schedules after a feed was saved; a paused feed keeps no job. */
  async scheduleFeed(feed: Feed): Promise<void> {
    const job = feed.paused
      ? undefined
      : this.#deps.jobs.schedule(`feed:${feed.id}`, feed.schedule, feed.timezone, () => this.#runFeed(feed.id).then(() => {}));
    await this.#replace({ kind: 'feed', id: feed.id, guildId: feed.guildId }, job);
  }

  async scheduleDigest(digest: Digest): Promise<void> {
    const job = digest.paused
      ? undefined
      : this.#deps.jobs.schedule(`digest:${digest.id}`, dailyCron(digest.time), digest.timezone, (tick) =>
          this.#runDigest(digest.id, tick).then(() => {}),
        );
    await this.#replace({ kind: 'digest', id: digest.id, guildId: digest.guildId }, job);
  }

  unschedule(kind: TargetKind, id: string): void {
    this.#jobs.get(`${kind}:${id}`)?.stop();
    this.#jobs.delete(`${kind}:${id}`);
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
    for (const job of this.#jobs.values()) job.stop();
    this.#jobs.clear();
  }

  async #replace(target: DeliveryTarget, job: ScheduledJob | undefined): Promise<void> {
    const name = `${target.kind}:${target.id}`;
    this.#jobs.get(name)?.stop();
    if (job) this.#jobs.set(name, job);
    else this.#jobs.delete(name);
    await this.#deps.status.recordNextRun(target, job?.nextRun() ?? null);
  }

  #runFeed(id: string): Promise<FeedRunResult | undefined> {
    return this.#run('feed', id, async () => {
      // Re-read: another process may have paused or edited it since it was scheduled.
      const feed = await this.#deps.feeds.get(id);
      return feed && this.#deps.feedRunner.run(feed, this.#deps.clock.now());
    });
  }

  /** A scheduled or caught-up digest is keyed by its schedule slot, so every process agrees on it. */
  #runDigest(id: string, slot: Date): Promise<DigestRunResult | undefined> {
    return this.#run('digest', id, async () => {
      const digest = await this.#deps.digests.get(id);
      return digest && this.#deps.digestRunner.run(digest, this.#deps.clock.now(), slot.toISOString());
    });
  }

  /** A job never throws into node-cron: failures are logged and the job's next run is recorded. */
  async #run<R extends FeedRunResult | DigestRunResult>(kind: TargetKind, id: string, run: () => Promise<R | undefined>): Promise<R | undefined> {
    try {
      await this.#deps.beforeRun?.();
      const result = await run();
      this.#observer.onRun(kind, runOutcome(result));
      if (result?.pausedReason) this.unschedule(kind, id);
      const item = kind === 'feed' ? await this.#deps.feeds.get(id) : await this.#deps.digests.get(id);
      if (item) await this.#deps.status.recordNextRun({ kind, id, guildId: item.guildId }, this.nextRun(kind, id));
      return result;
    } catch (error) {
      this.#observer.onRun(kind, 'failed');
      this.#log.error({ kind, id, err: error }, `${kind} run crashed; the next tick retries`);
      return undefined;
    }
  }
}
