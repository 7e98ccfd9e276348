// What a server admin reads: plurals, the heat range and an unreachable min_heat on /feed add, digests named
// by channel and time, a long /feed list paged, the per-server feed cap, client errors logged, and quiet logs with
// several replicas.
import { Events } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../src/local-discord/index.ts';
import { ARTICLES, opts, run, sub, useWorld, writeCorpus, type World } from './harness.ts';
import { until } from '../support/until.ts';

const world = useWorld({ logLevel: 'debug' });
let w: World;
beforeAll(async () => {
  w = world();
  // One topic with a single article, for the singular.
  writeCorpus(w.corpusDir, [...ARTICLES, { slug: 'space-0', title: 'Space story', heat: 20, topics: ['Space'] }]);
  await w.bot.context.corpusSync.reseed([w.corpusDir]);
});

const buttons = (components: Json[]) => components.flatMap((row) => (row.components as Json[]).map((b) => ({ id: String(b.custom_id), disabled: b.disabled === true })));

describe('wording', () => {
  it('says "1 article" and "8 articles", and the Vietnamese count without an English plural', async () => {
    expect((await run(w, 'news', opts({ topic: 'Space' }))).content).toBe('Page 1 of 1 · 1 article');
    expect((await run(w, 'news', opts({ topic: 'AI', count: 10 }))).content).toBe('Page 1 of 1 · 8 articles');
    expect((await run(w, 'news', opts({ topic: 'Space' }), 'reader', { locale: 'vi' })).content).toBe('Trang 1/1 · 1 bài viết');
    const status = await run(w, 'admin', sub('status'));
    expect(String(status.embeds[0]?.description)).toMatch(/^14 articles, 3 topics/);
  });
});

describe('/feed add tells the admin what the heat means', () => {
  it('shows the heat range of the chosen topics', async () => {
    const reply = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: '0 9 * * *', min_heat: 60 }));
    // Heat on the unified scale: the 14 test articles (one source, one year) rank from 96.4 (raw 90) down to
    // 3.6 (raw 20); the AI ones (raw 55–90) are 46.4–96.4.
    expect(reply.content.split('\n').slice(1)).toEqual(['Articles on these topics have heat 46.4–96.4 now.']);
    await run(w, 'feed', sub('remove', { id: (await w.bot.delivery.feeds.listByGuild(w.guildId))[0]!.id }));
  });

  it('saves a min_heat above every article of its topics, and warns that it will not post until one is that hot', async () => {
    const reply = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI, Cloud Computing', schedule: '0 9 * * *', min_heat: 97.5 }));
    const [added, range, warning] = reply.content.split('\n');
    expect(added).toMatch(/^Feed \*\*\w+\*\* will post AI, Cloud Computing \(heat ≥ 97\.5/);
    expect(range).toBe('Articles on these topics have heat 10.7–96.4 now.');
    expect(warning).toMatch(/^⚠️ No article on these topics is that hot \(the hottest has 96\.4\), so this feed will not post until one is\./);
    const vi = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'Space', schedule: '0 9 * * *', min_heat: 21 }), 'admin', { locale: 'vi' });
    // One article, or all alike: one heat, not "3.6–3.6".
    expect(vi.content).toContain('hiện có độ nóng 3.6.');
    expect(vi.content).toContain('(bài nóng nhất: 3.6)');
    for (const feed of await w.bot.delivery.feeds.listByGuild(w.guildId)) await w.bot.context.operations.removeFeed(w.guildId, feed.id);
  });
});

describe('/admin status', () => {
  it('names a digest by its channel and time, not by its 19-digit id', async () => {
    await run(w, 'digest', sub('set', { channel: w.channelId, time: '07:30', timezone: 'Asia/Ho_Chi_Minh' }));
    const status = await run(w, 'admin', sub('status'));
    const digests = (status.embeds[0]?.fields as Json[]).find((f) => f.name === 'Digests');
    expect(String(digests?.value)).toMatch(new RegExp(`^<#${w.channelId}> active · 07:30 \\(Asia/Ho_Chi_Minh\\) · last: never · next: .+`));
    expect(String(digests?.value)).not.toContain(`**${w.channelId}**`);
    await run(w, 'digest', sub('off'));
  });

  it('shows a feed\'s last run as /feed list does, also one saved before run status records', async () => {
    await w.bot.delivery.feeds.put({ id: 'fold1', guildId: w.guildId, channelId: w.channelId, topics: ['AI'], minHeat: 0, schedule: '0 9 * * *',
      timezone: 'UTC', maxPerRun: 1, paused: true, pausedReason: 'channel deleted', createdBy: w.adminId, createdAt: '2024-03-01T00:00:00Z', lastRunAt: '2024-03-02T09:00:00Z' });
    try {
      const status = await run(w, 'admin', sub('status'));
      const feeds = String((status.embeds[0]?.fields as Json[]).find((f) => f.name === 'Feeds')?.value);
      const list = (await run(w, 'feed', sub('list'))).content;
      for (const shown of [feeds, list]) expect(shown).toMatch(/^\*\*fold1\*\* paused: channel deleted → <#\d+> · .*2 Mar 2024, 09:00 \(UTC\)/m);
    } finally {
      await w.bot.context.operations.removeFeed(w.guildId, 'fold1');
    }
  });
});

describe('many feeds', () => {
  const FEEDS = 250;
  beforeAll(async () => {
    // Feeds saved before the per-server cap existed (or with a higher MAX_FEEDS_PER_GUILD).
    const feeds = w.bot.delivery.feeds;
    for (let i = 0; i < FEEDS; i++) {
      await feeds.put({ id: `f${String(i).padStart(3, '0')}`, guildId: w.guildId, channelId: w.channelId, topics: ['AI'], minHeat: 0, schedule: '0 9 * * *',
        timezone: 'UTC', maxPerRun: 1, paused: false, createdBy: w.adminId, createdAt: '2024-03-01T00:00:00Z' });
    }
  });

  it('/feed list pages through every feed with Previous/Next, each page a reply Discord accepts', async () => {
    let reply = await run(w, 'feed', sub('list'));
    expect(reply.ephemeral).toBe(true);
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const [header, ...lines] = reply.content.split('\n');
      expect(header).toBe(`Feeds ${(page - 1) * 10 + 1}–${Math.min(page * 10, FEEDS)} of ${FEEDS}`);
      expect(reply.content.length).toBeLessThanOrEqual(2000);
      seen.push(...lines.map((l) => /^\*\*(\w+)\*\*/.exec(l)?.[1] ?? l));
      const [prev, next] = buttons(reply.components);
      expect(prev?.disabled).toBe(page === 1);
      if (next?.disabled) break;
      reply = await w.discord.clickComponent({ message: reply.message!, customId: next!.id, user: w.adminId });
    }
    expect(seen).toEqual(Array.from({ length: FEEDS }, (_, i) => `f${String(i).padStart(3, '0')}`));
    const back = await w.discord.clickComponent({ message: reply.message!, customId: buttons(reply.components)[0]!.id, user: w.adminId });
    expect(back.content).toMatch(/^Feeds 231–240 of 250\n/);
    // The list's buttons act for /feed: a member without Manage Server who presses one sees no feed.
    const refused = await w.discord.clickComponent({ message: reply.message!, customId: buttons(reply.components)[0]!.id, user: w.readerId });
    expect(refused).toMatchObject({ ephemeral: true, content: 'You need the **Manage Server** permission to use `/feed`.' });
  });

  it('refuses a feed past the per-server cap (MAX_FEEDS_PER_GUILD, default 50), saying what to do', async () => {
    const reply = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: '0 9 * * *' }));
    expect(reply.content).toBe('Nothing was saved:\n• This server already has 50 feeds, the most it may have. Remove one first (`/feed list`, `/feed remove`).');
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toHaveLength(FEEDS);
  });
});

describe('errors the Discord client reports', () => {
  it('are logged, each one, and the bot keeps answering (an error event nobody listens to would end the process)', async () => {
    const before = w.logs.length;
    for (const message of ['gateway hiccup one', 'gateway hiccup two']) w.bot.client.emit(Events.Error, new Error(message));
    const logged = w.logs.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message?: string } });
    expect(logged.filter((l) => l.msg === 'Discord client error').map((l) => [l.level, l.err?.message])).toEqual([
      [50, 'gateway hiccup one'],
      [50, 'gateway hiccup two'],
    ]);
    expect((await run(w, 'topics')).embeds[0]?.title).toBe('Topics');
  });
});

describe('several replicas without SHARDS', () => {
  it('the process that loses the race for an interaction logs it at debug, not as an error', async () => {
    await w.spawn();
    const before = w.logs.length;
    const reply = await run(w, 'topics');
    expect(reply.embeds[0]?.title).toBe('Topics');
    await until(() => w.logs.slice(before).some((l) => l.includes('another process answered this interaction')), { what: 'the losing process' });
    const levels = w.logs.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(levels.filter((l) => l.level >= 40)).toEqual([]);
  });
});
