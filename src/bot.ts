// The composition root: configuration → live corpus → storage → delivery and its scheduler → the discord.js
// client with the commands. Everything with a side effect (clock, cron, logger, metrics) can be passed in.
import { join } from 'node:path';
import type { Client, GuildChannel } from 'discord.js';
import type { Config } from './config/config.ts';
import { createDelivery, processOwner, type Delivery } from './delivery/delivery.ts';
import { CorpusSync } from './delivery/corpus-sync.ts';
import { DeliveryOperations } from './delivery/operations.ts';
import type { Every } from './delivery/every.ts';
import type { JobScheduler } from './delivery/job-scheduler.ts';
import type { DeliveryObserver } from './delivery/observer.ts';
import { systemClock, type Clock } from './delivery/model.ts';
import { openStore } from './storage/open-store.ts';
import { briefTopic } from './summary/index.ts';
import { CorpusHolder } from './index/corpus-holder.ts';
import { SNAPSHOT_DIR } from './index/snapshot/corpus-snapshot.ts';
import { readTaxonomy, taxonomyFiles } from './corpus/taxonomy.ts';
import type { Taxonomy } from './corpus/taxonomy.ts';
import { systemEvery } from './delivery/every.ts';
import type { Store } from './storage/open-store.ts';
import { readSourcesFile } from './sources/feed-config.ts';
import { FEED_POLL_DEFAULTS, FeedPoller } from './sources/feed-poller.ts';
import { FeedSource } from './sources/feed-source.ts';
import { FeedStates } from './sources/feed-state.ts';
import { FolderSource } from './sources/folder-source.ts';
import type { ArticleSource } from './sources/source.ts';
import type { SettledWatchOptions } from './sources/settled-watch.ts';
import { createLogger, type Logger } from './ops/logger.ts';
import type { BotMetrics } from './ops/metrics.ts';
import { InFlight } from './ops/shutdown.ts';
import { createClient, connect } from './discord/client.ts';
import { safeError } from './discord/safe-error.ts';
import type { AppContext } from './discord/context.ts';
import { loadCommands } from './discord/loader.ts';
import { RestPoster } from './discord/poster.ts';
import { createInteractionRouter } from './discord/router.ts';
import { Timers } from './discord/timers.ts';

export interface BotOptions {
  /** Validated environment (src/config); must carry a token. */
  config: Config;
  /** Where articles come from: the CLI's default is the repository's seeds/ plus CORPUS_DIRS. */
  corpusDirs: string[];
  log?: Logger;
  clock?: Clock;
  /** Cron ticks; default node-cron. Tests pass a ManualJobScheduler. */
  jobs?: JobScheduler;
  metrics?: BotMetrics;
  /** Claim expiry for unconfirmed sends (see src/delivery/send-once.ts). */
  claimTtlMs?: number;
  /** Only schedule these guilds' feeds (sharding). */
  ownsGuild?: (guildId: string) => boolean;
  /** The 30-second check for corpus changes made by other processes; default setInterval. Tests fire it by hand. */
  every?: Every;
  /** Folder watching timings (CORPUS_WATCH turns it on or off); tests shorten them. */
  watch?: SettledWatchOptions;
}

export interface BotHandle {
  client: Client<true>;
  context: AppContext;
  delivery: Delivery;
  /** No new runs start (runs in progress go on). */
  stopScheduling(): void;
  /** Resolves when no post is in flight. */
  drain(): Promise<void>;
  /** Stops scheduling, disconnects from Discord and closes the store, without waiting for posts in flight. Safe to call twice. */
  stop(): Promise<void>;
}

/** Delivery's events counted in the Prometheus metrics. */
export function metricsObserver(metrics: BotMetrics): DeliveryObserver {
  return {
    onRun: (kind, outcome) => metrics.runs.inc({ kind, outcome }),
    onClaim: (won) => metrics.claims.inc({ result: won ? 'won' : 'lost' }),
    onSending: (delta) => metrics.queueDepth.inc(delta),
    onPost: (kind, result) => (result === 'sent' ? metrics.postsSent.inc({ kind }) : metrics.postsFailed.inc({ kind, reason: result })),
  };
}

/** The channel's server language, so scheduled posts read in it. */
function guildLocaleOf(client: Client): (channelId: string) => string | undefined {
  return (channelId) => (client.channels.cache.get(channelId) as GuildChannel | undefined)?.guild.preferredLocale;
}

interface CorpusParts {
  corpus: CorpusHolder;
  taxonomy: Taxonomy;
  /** Absent without SOURCES_FILE. */
  feeds?: { poller: FeedPoller };
}

/** Folders first, then feeds (whose articles are persisted in the store): see src/sources/. */
async function loadCorpus(config: Config, dirs: string[], store: Store, owner: string, clock: Clock, log: Logger, options: BotOptions): Promise<CorpusParts> {
  const snapshotDir = join(config.dataDir, SNAPSHOT_DIR);
  const taxonomy = await readTaxonomy(taxonomyFiles({ TOPICS_FILE: config.topicsFiles.join(',') }), { cacheDir: snapshotDir });
  const watch = { ...options.watch, onError: (err: Error) => log.error({ err }, 'corpus folder watch stopped; changes need /admin reseed') };
  const sources: ArticleSource[] = dirs.map((dir) => new FolderSource(dir, { taxonomy, maxFileBytes: config.corpusMaxFileBytes, watch }));
  const feeds = config.sourcesFile ? await readSourcesFile(config.sourcesFile) : [];
  const states = new FeedStates(store.namespace('sources'));
  sources.push(...feeds.map((feed) => new FeedSource(feed, states)));
  const snapshot = { dir: snapshotDir, log: (message: string) => log.info(message), warmInBackground: true };
  const corpus = await CorpusHolder.open(sources, { taxonomy, snapshot });
  if (feeds.length === 0) return { corpus, taxonomy };
  const metrics = options.metrics;
  const poller = new FeedPoller({
    feeds,
    states,
    claims: store.claims,
    owner,
    taxonomy,
    fetch: { allowPrivate: config.sourcesAllowPrivate },
    clock,
    log,
    observer: metrics && { onFetch: (result) => metrics.sourceFetches.inc({ result }), onFailing: (count) => metrics.sourcesFailing.set(count) },
  });
  return { corpus, taxonomy, feeds: { poller } };
}

/** A watched folder changed: reload it (and tell the other processes). Never throws. */
async function followFolder(sync: CorpusSync, log: Logger, id: string, reason: string): Promise<void> {
  try {
    const result = await sync.reload([id], reason);
    log.info({ source: id, reason, added: result.added.length, updated: result.updated.length, removed: result.removed.length, skipped: result.skipped.length }, 'corpus folder changed');
  } catch (error) {
    log.error({ err: error, source: id, reason }, 'could not reload a changed corpus folder; keeping the current corpus');
  }
}

export async function startBot(options: BotOptions): Promise<BotHandle> {
  const { config } = options;
  if (!config.discordToken) throw new Error('startBot needs DISCORD_TOKEN (without one, `newsbot start` runs the playground)');
  const log = options.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const clock = options.clock ?? systemClock;

  // The store first: a wrong KEYV_URL is reported at once, not after loading the whole corpus.
  const store = await openStore(config.keyvUrl, config.dataDir, { now: () => clock.now().getTime() });
  for (const notice of store.notices) log.warn({ store: store.location }, notice);
  const owner = processOwner();
  const { corpus, feeds } = await loadCorpus(config, options.corpusDirs, store, owner, clock, log, options).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const countCorpus = () => options.metrics?.corpusSize.set(corpus.current.size);
  countCorpus();
  log.info({ articles: corpus.current.size, dirs: options.corpusDirs, feeds: feeds?.poller.feeds.length ?? 0 }, 'corpus loaded');
  // A corpus change in any process reaches this one before its next feed or digest run, and within 30 s otherwise.
  const corpusSync = new CorpusSync({ meta: store.namespace('meta'), corpus, owner, clock, log, every: options.every, onReload: countCorpus });
  let unwatch = () => {};
  let feedTimer: { stop(): void } | undefined;
  const client = createClient({ apiUrl: config.discordApiUrl });
  const poster = new RestPoster(client.rest, guildLocaleOf(client));
  const inFlight = new InFlight();
  const delivery = createDelivery({
    store,
    articles: () => corpus.current,
    poster: { post: (channelId, message, nonce) => inFlight.track(poster.post(channelId, message, nonce)) },
    brief: briefTopic,
    jobs: options.jobs,
    clock,
    claimTtlMs: options.claimTtlMs,
    ownsGuild: options.ownsGuild,
    owner,
    beforeRun: () => corpusSync.check(),
    log,
    observer: options.metrics && metricsObserver(options.metrics),
  });
  const timers = new Timers();
  const context: AppContext = {
    corpus,
    corpusSync,
    delivery,
    feeds: feeds?.poller,
    operations: new DeliveryOperations({ delivery, articles: () => corpus.current, clock, defaultTimezone: config.defaultTimezone, maxFeedsPerGuild: config.maxFeedsPerGuild }),
    store,
    clock,
    defaultTimezone: config.defaultTimezone,
    log,
    metrics: options.metrics,
    timers,
  };

  const stopScheduling = () => {
    delivery.scheduler.stop();
    corpusSync.stop();
    unwatch();
    feedTimer?.stop();
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    stopScheduling();
    timers.clear();
    await client.destroy();
    await store.close();
    log.info('bot stopped');
  };
  try {
    await corpusSync.start();
    if (config.corpusWatch) unwatch = corpus.watch((id, reason) => void followFolder(corpusSync, log, id, reason));
    if (feeds) {
      const poller = feeds.poller;
      // Fetched feeds reload through the sync, so the other processes follow.
      const cycle = () => void poller.cycle((ids, reason) => corpusSync.reload(ids, reason));
      feedTimer = (options.every ?? systemEvery)(FEED_POLL_DEFAULTS.tickMs, cycle);
      cycle();
    }
    const commands = await loadCommands();
    await connect(client, config.discordToken, createInteractionRouter(commands, context), (error) => log.error({ err: safeError(error) }, 'Discord client error'));
    log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, commands: commands.size }, 'connected to Discord');
    // After login: runs caught up now need the REST token the login set.
    const report = await delivery.scheduler.start();
    log.info(report, 'delivery started');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    client: client as Client<true>,
    context,
    delivery,
    stopScheduling,
    drain: () => inFlight.idle(),
    stop,
  };
}
