// The live corpus through the real bot and the local Discord: a file dropped into the corpus folder is served
// without a reseed, feeds are fetched at start, and /admin status says what changed the corpus last and which
// feed is failing since when and why.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { articleFile, run, sub, opts, useWorld } from '../discord/harness.ts';
import { until } from '../support/until.ts';
import { startFeedServer, staticFeed, type FeedServer } from './feed-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-admin-sources-'));
const sourcesFile = join(dir, 'sources.yaml');
let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/tech.xml', staticFeed(readFileSync(new URL('./fixtures/rss.xml', import.meta.url), 'utf8')));
  server.route('/down.xml', (_req, res) => res.writeHead(500).end());
  writeFileSync(sourcesFile, `- name: Tech\n  url: ${server.url('/tech.xml')}\n- name: Down\n  url: ${server.url('/down.xml')}\n`);
});
const metrics = createMetrics({ processMetrics: false });
const world = useWorld({ metrics, env: { SOURCES_FILE: sourcesFile, SOURCES_ALLOW_PRIVATE: 'true', CORPUS_WATCH: 'true' } });
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a live corpus in the running bot', () => {
  it('fetches feeds at start; /admin status shows the sources, the failing one, and the last change', async () => {
    const w = world();
    await until(() => server.hits.get('/down.xml') === 1 && w.bot.context.corpus.current.articles.some((a) => a.source === 'feed:Tech'), { what: 'the first feed cycle' });
    const status = await until(async () => {
      const reply = await run(w, 'admin', sub('status'));
      const text = String(reply.embeds[0]?.description);
      return text.includes('Corpus last changed') && text;
    });
    expect(status).toContain('2 feed sources, 1 failing');
    expect(status).toMatch(/⚠ Down failing since .* \(1 attempt\): HTTP 500 Internal Server Error/);
    expect(status).toMatch(/Corpus last changed .*: feed Tech: 4 new \(\*\*4\*\* added/);
    const scraped = await metrics.registry.metrics();
    expect(scraped).toContain('newsbot_source_fetches_total{result="ok"} 1');
    expect(scraped).toContain('newsbot_source_fetches_total{result="error"} 1');
    expect(scraped).toContain('newsbot_sources_failing 1');
  });

  it('serves a file dropped into the corpus folder within seconds, without a reseed', async () => {
    const w = world();
    writeFileSync(join(w.corpusDir, 'dropped.md'), articleFile({ slug: 'dropped', title: 'Dropped AI story', heat: 99, topics: ['AI'] }));
    await until(() => w.bot.context.corpus.current.articles.some((a) => a.title === 'Dropped AI story'), { what: 'the dropped file in the corpus' });
    const reply = await run(w, 'news', opts({ topic: 'AI' }), 'reader');
    expect(JSON.stringify(reply.embeds)).toContain('Dropped AI story');
    const status = String((await run(w, 'admin', sub('status'))).embeds[0]?.description);
    expect(status).toMatch(/Corpus last changed .*: 1 file changed in .*corpus \(\*\*1\*\* added/);
  });
});
