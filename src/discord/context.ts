// What every command receives besides the interaction: the live corpus, delivery, storage, clock, logging.
import type { CorpusHolder } from '../index/corpus-holder.ts';
import type { CorpusSync } from '../delivery/corpus-sync.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { DeliveryOperations } from '../delivery/operations.ts';
import type { Clock } from '../delivery/model.ts';
import type { Store } from '../storage/open-store.ts';
import type { Logger } from '../ops/logger.ts';
import type { BotMetrics } from '../ops/metrics.ts';
import type { Timers } from './timers.ts';
import type { FeedPoller } from '../sources/feed-poller.ts';

export interface AppContext {
  corpus: CorpusHolder;
  /** Reseeds go through here, so every process follows (src/delivery/corpus-sync.ts). */
  corpusSync: CorpusSync;
  delivery: Delivery;
  /** Feed sources (SOURCES_FILE), when there are any: their health for `/admin status`. */
  feeds?: FeedPoller;
  /** What /feed and /digest do: one call each (src/delivery/operations.ts). */
  operations: DeliveryOperations;
  store: Store;
  clock: Clock;
  /** For feeds and digests created without a timezone. */
  defaultTimezone: string;
  log: Logger;
  metrics?: BotMetrics;
  /** Delayed follow-ups, cancelled when the bot stops. */
  timers: Timers;
}
