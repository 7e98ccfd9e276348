// Wires delivery from a Store: repositories, runners, status and the scheduler, ready for the Discord edge.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Store } from '../storage/open-store.ts';
import { GuildRepo, type DigestRepo, type FeedRepo } from './repos.ts';
import { DeliveryStatusStore } from './status.ts';
import { FeedRunner } from './feed-runner.ts';
import { DigestRunner } from './digest-runner.ts';
import { DeliveryScheduler } from './delivery-scheduler.ts';
import { NodeCronJobScheduler, type JobScheduler } from './job-scheduler.ts';
import type { DeliveryObserver } from './observer.ts';
import { systemClock, type ArticleQuery, type BriefTopic, type Clock, type DeliveryLogger, type Poster } from './model.ts';

export interface DeliveryOptions {
  store: Store;
  articles: () => ArticleQuery;
  poster: Poster;
  brief?: BriefTopic;
  jobs?: JobScheduler;
  clock?: Clock;
  /** Default: processOwner(). */
  owner?: string;
  claimTtlMs?: number;
  ownsGuild?: (guildId: string) => boolean;
  /** Awaited before every feed or digest run (see DeliverySchedulerDeps.beforeRun). */
  beforeRun?: () => Promise<unknown>;
  log?: DeliveryLogger;
  /** Told about runs, claims and posts, e.g. to count them in metrics. Default: nobody. */
  observer?: DeliveryObserver;
  /** The scheduler's waits (start-up retries, rechecks); default a timer. Tests pass one they control. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Delivery {
  feeds: FeedRepo;
  digests: DigestRepo;
  status: DeliveryStatusStore;
  feedRunner: FeedRunner;
  digestRunner: DigestRunner;
  scheduler: DeliveryScheduler;
  owner: string;
}

/** hostname:pid:random — unique per process, readable in logs and claims. */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { store } = options;
  const owner = options.owner ?? processOwner();
  const feeds: FeedRepo = new GuildRepo(store.namespace('feeds'), store.claims, owner);
  const digests: DigestRepo = new GuildRepo(store.namespace('digests'), store.claims, owner);
  const status = new DeliveryStatusStore(store.namespace('status'));
  const deps = { articles: options.articles, claims: store.claims, poster: options.poster, status, owner, claimTtlMs: options.claimTtlMs, log: options.log, observer: options.observer };
  const history = store.namespace('history');
  const feedRunner = new FeedRunner(deps, feeds, { history });
  const digestRunner = new DigestRunner(deps, digests, { history, brief: options.brief });
  const scheduler = new DeliveryScheduler({
    feeds,
    digests,
    feedRunner,
    digestRunner,
    status,
    jobs: options.jobs ?? new NodeCronJobScheduler(),
    clock: options.clock ?? systemClock,
    ownsGuild: options.ownsGuild,
    beforeRun: options.beforeRun,
    log: options.log,
    observer: options.observer,
    sleep: options.sleep,
  });
  return { feeds, digests, status, feedRunner, digestRunner, scheduler, owner };
}
