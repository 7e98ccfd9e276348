import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { startOpsServer } from '../../src/ops/http.ts';

describe('createMetrics', () => {
  it('exposes posts, runs, claims, queue depth, corpus size and command latency', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.postsSent.inc({ kind: 'feed' }, 2);
    metrics.postsFailed.inc({ kind: 'feed', reason: 'forbidden' });
    metrics.runs.inc({ kind: 'digest', outcome: 'ok' });
    metrics.claims.inc({ result: 'won' });
    metrics.claims.inc({ result: 'lost' });
    await metrics.timeCommand('news', async () => 'done');
    await expect(metrics.timeCommand('feed', async () => { throw new Error('bad cron'); })).rejects.toThrow('bad cron');
    metrics.queueDepth.inc(3);
    metrics.queueDepth.dec();
    metrics.corpusSize.set(192);
    const text = await metrics.registry.metrics();
    expect(text).toContain('newsbot_posts_sent_total{kind="feed"} 2');
    expect(text).toContain('newsbot_posts_failed_total{kind="feed",reason="forbidden"} 1');
    expect(text).toContain('newsbot_runs_total{kind="digest",outcome="ok"} 1');
    expect(text).toContain('newsbot_claims_total{result="lost"} 1');
    expect(text).toContain('newsbot_send_queue_depth 2');
    expect(text).toContain('newsbot_corpus_articles 192');
    expect(text).toContain('newsbot_command_duration_seconds_count{command="news",outcome="ok"} 1');
    expect(text).toContain('newsbot_command_duration_seconds_count{command="feed",outcome="error"} 1');
  });

  it('keeps registries separate, so two bots in one process do not mix counts', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false, defaultLabels: { shard: '1' } });
    a.postsSent.inc({ kind: 'feed' });
    expect(await b.registry.metrics()).not.toContain('newsbot_posts_sent_total{kind="feed"');
    b.postsSent.inc({ kind: 'feed' });
    expect(await b.registry.metrics()).toContain('newsbot_posts_sent_total{kind="feed",shard="1"} 1');
  });
});

describe('startOpsServer', () => {
  it('serves /healthz and /metrics, and 503 when unhealthy', async () => {
    const metrics = createMetrics();
    let healthy = true;
    const server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: metrics.registry,
      health: () => ({ ok: healthy, checks: { gateway: healthy, store: true } }),
    });
    try {
      metrics.postsSent.inc({ kind: 'digest' });
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', ok: true, checks: { gateway: true, store: true } });

      const scrape = await fetch(`${server.url}/metrics`);
      expect(scrape.headers.get('content-type')).toContain('text/plain');
      const body = await scrape.text();
      expect(body).toContain('newsbot_posts_sent_total{kind="digest"} 1');
      expect(body).toContain('newsbot_process_resident_memory_bytes');

      healthy = false;
      const down = await fetch(`${server.url}/healthz`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { status: string }).status).toBe('unhealthy');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('answers /readyz apart from /healthz: alive but not ready is 200 and 503', async () => {
    let ready = false;
    const server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetrics({ processMetrics: false }).registry,
      health: () => ({ ok: true, checks: { started: ready } }),
      ready: () => ({ ok: ready, checks: { started: ready } }),
    });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const starting = await fetch(`${server.url}/readyz`);
      expect(starting.status).toBe(503);
      expect(await starting.json()).toEqual({ status: 'not ready', ok: false, checks: { started: false } });
      ready = true;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('names METRICS_PORT when the port is taken', async () => {
    const first = await startOpsServer({ port: 0, host: '127.0.0.1', registry: createMetrics({ processMetrics: false }).registry, health: () => ({ ok: true, checks: {} }) });
    try {
      await expect(startOpsServer({ port: first.port, host: '127.0.0.1', registry: createMetrics({ processMetrics: false }).registry, health: () => ({ ok: true, checks: {} }) }))
        .rejects.toThrow(/METRICS_PORT/);
    } finally {
      await first.close();
    }
  });
});
