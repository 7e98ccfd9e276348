// /metrics of a running bot counts what it did: the real bot against the local Discord, a feed fired by the
// (manual) cron, slash commands, a reseed; scraped over HTTP from the operations server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { startOpsServer, type OpsServer } from '../../src/ops/http.ts';
import { ARTICLES, opts, postedTitles, run, startWorld, sub, writeCorpus, type World } from '../discord/harness.ts';
import { until } from '../support/until.ts';

/** The value of one series in Prometheus text, e.g. sample(text, 'newsbot_runs_total', 'kind="feed",outcome="ok"'). */
function sample(text: string, name: string, labels?: string): number | undefined {
  const series = labels === undefined ? name : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics of a running bot', () => {
  const metrics = createMetrics({ processMetrics: false });
  let w: World;
  let ops: OpsServer;
  const scrape = async () => (await fetch(`${ops.url}/metrics`)).text();

  beforeAll(async () => {
    w = await startWorld({ metrics });
    ops = await startOpsServer({ port: 0, host: '127.0.0.1', registry: metrics.registry, health: () => ({ ok: true, checks: {} }) });
  });
  afterAll(async () => {
    await ops?.close();
    await w?.close();
  });

  it('counts the corpus, feed runs, claims, posts and command latency', async () => {
    expect(sample(await scrape(), 'newsbot_corpus_articles')).toBe(ARTICLES.length);

    await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: '0 9 * * *', timezone: 'UTC', max_per_run: 3 }));
    await w.jobs.advanceTo(new Date('2024-03-01T09:00:30Z'));
    const posted = postedTitles(w).length;
    expect(posted).toBe(3);
    await run(w, 'news', opts({ topic: 'AI', count: 3 }));
    // The reply reaches Discord before the command's handler returns and its time is recorded.
    const text = await until(async () => {
      const body = await scrape();
      return sample(body, 'newsbot_command_duration_seconds_count', 'command="news",outcome="ok"') !== undefined && body;
    });
    expect(sample(text, 'newsbot_posts_sent_total', 'kind="feed"')).toBe(posted);
    expect(sample(text, 'newsbot_runs_total', 'kind="feed",outcome="ok"')).toBe(1);
    expect(sample(text, 'newsbot_claims_total', 'result="won"')).toBe(posted);
    expect(sample(text, 'newsbot_send_queue_depth')).toBe(0);
    expect(sample(text, 'newsbot_command_duration_seconds_count', 'command="feed",outcome="ok"')).toBe(1);
    expect(sample(text, 'newsbot_command_duration_seconds_count', 'command="news",outcome="ok"')).toBe(1);
    expect(sample(text, 'newsbot_command_duration_seconds_sum', 'command="news",outcome="ok"')).toBeGreaterThan(0);
  });

  it('follows a reseed in the corpus size', async () => {
    writeCorpus(w.corpusDir, [...ARTICLES, { slug: 'ai-extra', title: 'AI story extra', heat: 40, topics: ['AI'] }]);
    await run(w, 'admin', sub('reseed'));
    expect(sample(await scrape(), 'newsbot_corpus_articles')).toBe(ARTICLES.length + 1);
  });
});
