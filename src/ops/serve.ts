// METRICS_PORT for a running bot, served from its first moment: /healthz answers 200 while the process is up
// (starting, catching up, reconnecting included), /readyz 200 once it is ready, /metrics serves the registry.
// Shards of one host each get their own port: METRICS_PORT + 1 + shard id (the manager keeps METRICS_PORT).
import { startOpsServer, type OpsServer } from './http.ts';
import type { BotMetrics } from './metrics.ts';

export interface ServeOptions {
  /** Config.metricsPort; undefined: no server. */
  port: number | undefined;
  /** Set in a shard process. */
  shardId?: number;
  metrics: BotMetrics;
  /** True once start-up is done and while the gateway session is ready. */
  ready: () => boolean;
  /** What /healthz and /readyz show besides (e.g. started, gateway); default { ready }. */
  checks?: () => Record<string, boolean | string>;
}

export function opsPort(base: number, shardId: number | undefined): number {
  return shardId === undefined ? base : base + 1 + shardId;
}

export async function serveOperations(options: ServeOptions): Promise<OpsServer | undefined> {
  if (options.port === undefined) return undefined;
  const checks = () => options.checks?.() ?? { ready: options.ready() };
  return startOpsServer({
    port: opsPort(options.port, options.shardId),
    registry: options.metrics.registry,
    health: () => ({ ok: true, checks: checks() }),
    ready: () => ({ ok: options.ready(), checks: checks() }),
  });
}
