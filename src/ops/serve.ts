// METRICS_PORT for a running bot: /healthz says whether the gateway session is ready, /metrics serves the registry.
// Shards of one host each get their own port: METRICS_PORT + 1 + shard id (the manager keeps METRICS_PORT).
import { startOpsServer, type OpsServer } from './http.ts';
import type { BotMetrics } from './metrics.ts';

export interface ServeOptions {
  /** Config.metricsPort; undefined: no server. */
  port: number | undefined;
  /** Set in a shard process. */
  shardId?: number;
  metrics: BotMetrics;
  /** True while the gateway session is ready. */
  ready: () => boolean;
}

export function opsPort(base: number, shardId: number | undefined): number {
  return shardId === undefined ? base : base + 1 + shardId;
}

export async function serveOperations(options: ServeOptions): Promise<OpsServer | undefined> {
  if (options.port === undefined) return undefined;
  return startOpsServer({
    port: opsPort(options.port, options.shardId),
    registry: options.metrics.registry,
    health: () => ({ ok: options.ready(), checks: { gateway: options.ready() } }),
  });
}
