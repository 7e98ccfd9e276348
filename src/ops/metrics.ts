// Prometheus metrics for the bot. Each call builds its own registry, so tests and shards never share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  /** Node process metrics (memory, event loop lag…). Default true. */
  processMetrics?: boolean;
  /** Labels on every series, e.g. { shard: '0' }. */
  defaultLabels?: Record<string, string>;
}

export interface BotMetrics {
  registry: Registry;
  /** Messages posted to a channel. */
  postsSent: Counter<'kind'>;
  /** Posts that failed; reason is a short code (missing_channel, forbidden, error). */
  postsFailed: Counter<'kind' | 'reason'>;
  /** Feed and digest runs by outcome (ok, failed, paused, skipped). */
  runs: Counter<'kind' | 'outcome'>;
  /** Exactly-once claims: won means this process posts, lost means another already did or is doing it. */
  claims: Counter<'result'>;
  /** Sends waiting or in flight (queued in discord.js's REST rate limiter or on the wire). */
  queueDepth: Gauge;
  /** Articles in the live corpus: set on load and on every reseed. */
  corpusSize: Gauge;
  /** Feed source fetches by result (ok, not_modified, error). */
  sourceFetches: Counter<'result'>;
  /** Feed sources whose last fetch failed (they are retried with backoff). */
  sourcesFailing: Gauge;
  /** Slash command handling time, by command name and outcome (ok, error). */
  commandLatency: Histogram<'command' | 'outcome'>;
  /** Runs fn and records its duration under the command's name, with outcome error when it throws. */
  timeCommand: <T>(command: string, fn: () => Promise<T>) => Promise<T>;
}

export function createMetrics(options: MetricsOptions = {}): BotMetrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'newsbot_' });
  const registers = [registry];

  const commandLatency = new Histogram({
    name: 'newsbot_command_duration_seconds',
    help: 'Slash command handling time',
    labelNames: ['command', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  return {
    registry,
    postsSent: new Counter({ name: 'newsbot_posts_sent_total', help: 'Messages posted', labelNames: ['kind'], registers }),
    postsFailed: new Counter({ name: 'newsbot_posts_failed_total', help: 'Posts that failed', labelNames: ['kind', 'reason'], registers }),
    runs: new Counter({ name: 'newsbot_runs_total', help: 'Feed and digest runs', labelNames: ['kind', 'outcome'], registers }),
    claims: new Counter({ name: 'newsbot_claims_total', help: 'Exactly-once claims won or lost', labelNames: ['result'], registers }),
    queueDepth: new Gauge({ name: 'newsbot_send_queue_depth', help: 'Sends waiting or in flight', registers }),
    corpusSize: new Gauge({ name: 'newsbot_corpus_articles', help: 'Articles in the live corpus', registers }),
    sourceFetches: new Counter({ name: 'newsbot_source_fetches_total', help: 'Feed source fetches', labelNames: ['result'], registers }),
    sourcesFailing: new Gauge({ name: 'newsbot_sources_failing', help: 'Feed sources whose last fetch failed', registers }),
    commandLatency,
    async timeCommand(command, fn) {
      const end = commandLatency.startTimer({ command });
      try {
        const result = await fn();
        end({ outcome: 'ok' });
        return result;
      } catch (error) {
        end({ outcome: 'error' });
        throw error;
      }
    },
  };
}
