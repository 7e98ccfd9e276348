// Every slash command, its autocomplete and buttons, through the real discord.js client and the local Discord.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../src/local-discord/index.ts';
import { PAGER_TTL_MS } from '../../src/discord/pager.ts';
import { choices, opts, posts, run, sub, useWorld, type World } from './harness.ts';
import { until } from '../support/until.ts';

const world = useWorld();
let w: World;
beforeAll(() => {
  w = world();
});

const buttonsOf = (components: Json[]) =>
  components.flatMap((row) => (row.components as Json[]).map((b) => ({ id: String(b.custom_id), label: String(b.label), disabled: b.disabled === true })));

describe('/news', () => {
  it('shows the hottest articles of a topic as linked embeds, a page at a time', async () => {
    const reply = await run(w, 'news', opts({ topic: 'ai', count: 3 }));
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds.map((e) => e.title)).toEqual(['AI story 0', 'AI story 1', 'AI story 2']);
    const [first] = reply.embeds;
    expect(first).toMatchObject({ url: 'https://news.example.com/ai-0', author: { name: 'Example News' }, image: { url: 'https://news.example.com/ai-0.png' } });
    expect(reply.content).toContain('1');
    const buttons = buttonsOf(reply.components);
    expect(buttons.map((b) => b.disabled)).toEqual([true, false]);
  });

  it('pages with Next for the caller, refuses others, and expires cleanly', async () => {
    const reply = await run(w, 'news', opts({ topic: 'AI', count: 3 }));
    const message = reply.message!;
    const next = buttonsOf(reply.components)[1]!;

    const stranger = await w.discord.clickComponent({ message, customId: next.id, user: w.readerId });
    expect(stranger.ephemeral).toBe(true);
    expect(stranger.content).toMatch(/belong to the person/);

    const page2 = await w.discord.clickComponent({ message, customId: next.id, user: w.adminId });
    expect(page2.embeds.map((e) => e.title)).toEqual(['@\u200beveryone AI story 3', 'AI story 4', 'AI story 5']);
    expect(buttonsOf(page2.components).map((b) => b.disabled)).toEqual([false, false]);

    w.clock.set(new Date(w.clock.now().getTime() + PAGER_TTL_MS + 60_000));
    const late = await w.discord.clickComponent({ message: page2.message!, customId: buttonsOf(page2.components)[1]!.id, user: w.adminId });
    expect(late.components).toEqual([]);
    expect((await until(() => late.followUps.at(-1)))?.content).toMatch(/expired/);
  });

  it('searches the full text, and pages through search results', async () => {
    const reply = await run(w, 'news', opts({ query: 'story', count: 5 }));
    expect(reply.embeds).toHaveLength(5);
    expect(reply.content).toMatch(/13 articles/);
    const page2 = await w.discord.clickComponent({ message: reply.message!, customId: buttonsOf(reply.components)[1]!.id, user: w.adminId });
    expect(page2.embeds).toHaveLength(5);
    expect(page2.embeds.map((e) => e.title)).not.toContain(reply.embeds[0]?.title);
    const none = await run(w, 'news', opts({ query: 'zzzqqqxx' }));
    expect(none.ephemeral).toBe(true);
    expect(none.content).toMatch(/Nothing found/);
  });

  it('searches within a topic when given both', async () => {
    const reply = await run(w, 'news', opts({ topic: 'Cloud Computing', query: 'story', count: 10 }));
    expect(reply.embeds.map((e) => String(e.title)).sort()).toEqual(['Cloud story 0', 'Cloud story 1', 'Cloud story 2', 'Cloud story 3', 'Cloud story 4']);
    // Search returns partial matches ("story" alone would match here), so "nothing" needs words no Cloud article has.
    const none = await run(w, 'news', opts({ topic: 'Cloud Computing', query: 'quantum teleportation' }));
    expect(none.ephemeral).toBe(true);
    expect(none.content).toMatch(/Nothing found for “quantum teleportation” in Cloud Computing/);
  });

  it('says when the language filter is why nothing was found', async () => {
    const none = await run(w, 'news', opts({ topic: 'AI', language: 'vi' }));
    expect(none.ephemeral).toBe(true);
    expect(none.content).toBe('No articles for AI yet. Only articles in Vietnamese were looked at: leave out `language` to see every language.');
    const vi = await run(w, 'news', opts({ query: 'zzzqqqxx', language: 'en' }), 'reader', { locale: 'vi' });
    expect(vi.content).toMatch(/^Không tìm thấy kết quả cho “zzzqqqxx”\..* Chỉ xét các bài bằng tiếng Anh: bỏ `language` để xem bài ở mọi ngôn ngữ\.$/);
  });

  it('says what to type when given neither topic nor query, in the user’s language', async () => {
    const reply = await run(w, 'news', opts({ count: 3 }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('/news topic:AI');
    const vi = await run(w, 'news', [], 'reader', { locale: 'vi' });
    expect(vi.ephemeral).toBe(true);
    expect(vi.content).toMatch(/Hãy cho biết cần xem gì/);
  });

  it('autocompletes topics with their counts', async () => {
    const found = await choices(w, 'news', opts({ topic: 'clo' }, 'topic'));
    expect(found).toContainEqual({ name: 'Cloud Computing (5)', value: 'Cloud Computing' });
  });

  it('says which topic is unknown, privately', async () => {
    const reply = await run(w, 'news', opts({ topic: 'Underwater basket weaving' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Underwater basket weaving/);
  });

  it('answers a Vietnamese user in Vietnamese', async () => {
    const reply = await run(w, 'news', opts({ topic: 'AI', count: 2 }), 'reader', { locale: 'vi' });
    expect(buttonsOf(reply.components).map((b) => b.label)).toEqual(['◀ Trước', 'Sau ▶']);
    expect((reply.embeds[0]?.fields as Json[]).map((f) => f.name)).toContain('Độ nóng');
  });
});

describe('/summary and /topics', () => {
  it('autocompletes articles by title and summarizes the one picked', async () => {
    const found = await choices(w, 'summary', opts({ article: 'Cloud story 2' }, 'article'));
    const pick = found.find((c) => c.name === 'Cloud story 2');
    expect(pick).toBeDefined();
    const reply = await run(w, 'summary', opts({ article: pick!.value }));
    expect(reply.embeds[0]).toMatchObject({ title: 'Cloud story 2', url: 'https://news.example.com/cloud-2' });
    expect(String(reply.embeds[0]?.description)).toMatch(/Cloud story 2|sentence/);
  });

  it('briefs a topic with links to its sources', async () => {
    expect(await choices(w, 'summary', opts({ topic: 'clo' }, 'topic'))).toContainEqual({ name: 'Cloud Computing (5)', value: 'Cloud Computing' });
    const reply = await run(w, 'summary', opts({ topic: 'Cloud Computing' }));
    expect(String(reply.embeds[0]?.title)).toContain('Cloud Computing');
    expect(String(reply.embeds[0]?.description)).toMatch(/\]\(https:\/\/news\.example\.com\/cloud-\d\)/);
  });

  it('asks for exactly one of article and topic', async () => {
    for (const options of [opts(), opts({ article: 'Cloud story 2', topic: 'AI' })]) {
      const reply = await run(w, 'summary', options);
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toMatch(/exactly one/);
      expect(reply.embeds).toEqual([]);
    }
  });

  it('lists topics with counts', async () => {
    const reply = await run(w, 'topics', [], 'reader');
    expect(String(reply.embeds[0]?.description)).toContain('**AI** — 8');
    expect(String(reply.embeds[0]?.description)).toContain('**Cloud Computing** — 5');
  });
});

describe('/feed', () => {
  it('refuses someone without Manage Server even if Discord let the command through', async () => {
    const reply = await run(w, 'feed', sub('list'), 'reader', { bypassPermissions: true });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Manage Server/);
    // …and offers them no suggestions either (feed ids reveal the server's configuration), where an admin gets some.
    const added = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: '0 9 * * *' }));
    expect(added.content).toMatch(/^Feed \*\*\w+\*\*/);
    try {
      const remove = sub('remove', { id: '' }, 'id');
      expect((await choices(w, 'feed', remove)).length).toBeGreaterThan(0);
      expect(await choices(w, 'feed', remove, 'reader', { bypassPermissions: true })).toEqual([]);
    } finally {
      for (const feed of await w.bot.delivery.feeds.listByGuild(w.guildId)) await w.bot.context.operations.removeFeed(w.guildId, feed.id);
    }
  });

  it('refuses an invalid cron or timezone, saving nothing', async () => {
    const bad = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: 'every morning', timezone: 'Mars/Olympus' }));
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toMatch(/every morning/);
    expect(bad.content).toMatch(/Mars\/Olympus/);
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toEqual([]);
  });

  it('tells a Vietnamese admin every problem in Vietnamese', async () => {
    const bad = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'Astrology, clou', schedule: 'every morning', timezone: 'Mars/Olympus' }), 'admin', { locale: 'vi' });
    expect(bad.ephemeral).toBe(true);
    const lines = bad.content.split('\n');
    expect(lines[0]).toBe('Chưa có gì được lưu:');
    expect(lines.slice(1)).toEqual([
      '• Không có chủ đề “Astrology”, “clou” (có phải bạn muốn nói Cloud Computing?); `/topics` liệt kê tất cả các chủ đề.',
      expect.stringMatching(/^• “every morning” không phải lịch hợp lệ: dùng 5 trường/),
      expect.stringMatching(/^• “Mars\/Olympus” không phải múi giờ IANA/),
    ]);
    expect(bad.content).not.toMatch(/ is not |unknown topic/);
    const time = await run(w, 'digest', sub('set', { channel: w.channelId, time: '25:00' }), 'admin', { locale: 'vi' });
    expect(time.content).toContain('“25:00” không phải giờ trong ngày');
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toEqual([]);
    expect(await w.bot.delivery.digests.listByGuild(w.guildId)).toEqual([]);
  });

  it('refuses a channel the bot cannot post in, saving nothing', async () => {
    const locked = w.discord.createChannel(w.guildId, 'locked', { canPost: false });
    const reply = await run(w, 'feed', sub('add', { channel: locked.id, topics: 'AI', schedule: '0 9 * * *' }));
    expect(reply.content).toMatch(/Send Messages/);
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toEqual([]);
  });

  it('adds, lists, tests, pauses, resumes and removes a feed', async () => {
    const role = w.discord.state.createRole(w.guildId, 'news-fans', 0);
    const added = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'ai, cloud computing', schedule: '0 9 * * *', timezone: 'Asia/Ho_Chi_Minh', min_heat: 60, role: role.id, max_per_run: 2 }));
    expect(added.ephemeral).toBe(true);
    const [feed] = await w.bot.delivery.feeds.listByGuild(w.guildId);
    expect(feed).toMatchObject({ topics: ['AI', 'Cloud Computing'], minHeat: 60, timezone: 'Asia/Ho_Chi_Minh', roleId: role.id, maxPerRun: 2, schedule: '0 9 * * *' });
    expect(added.content).toContain(feed!.id);
    expect(w.jobs.names()).toContain(`feed:${feed!.id}`);

    expect((await choices(w, 'feed', sub('pause', { id: '' }, 'id'))).map((c) => c.value)).toEqual([feed!.id]);
    expect((await choices(w, 'feed', sub('add', { timezone: 'ho_chi' }, 'timezone'))).map((c) => c.value)).toContain('Asia/Ho_Chi_Minh');
    expect((await choices(w, 'feed', sub('add', { topics: 'AI, clo' }, 'topics'))).map((c) => c.value)).toContain('AI, Cloud Computing');

    const list = await run(w, 'feed', sub('list'));
    expect(list.content).toContain(feed!.id);

    const test = await run(w, 'feed', sub('test', { id: feed!.id }));
    expect(test.ephemeral).toBe(true);
    expect(test.embeds.map((e) => e.title)).toEqual(['AI story 0', 'AI story 1']);
    expect(posts(w)).toEqual([]);

    await run(w, 'feed', sub('pause', { id: feed!.id }));
    expect((await w.bot.delivery.feeds.get(feed!.id))?.paused).toBe(true);
    expect(w.jobs.names()).not.toContain(`feed:${feed!.id}`);
    await run(w, 'feed', sub('resume', { id: feed!.id }));
    expect(w.jobs.names()).toContain(`feed:${feed!.id}`);

    const removed = await run(w, 'feed', sub('remove', { id: feed!.id }));
    expect(removed.content).toContain(feed!.id);
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toEqual([]);
    expect(w.jobs.names()).not.toContain(`feed:${feed!.id}`);
  });
});

describe('/digest', () => {
  it('sets, previews and turns off a daily digest', async () => {
    const bad = await run(w, 'digest', sub('set', { channel: w.channelId, time: '25:00' }));
    expect(bad.content).toMatch(/25:00/);
    const set = await run(w, 'digest', sub('set', { channel: w.channelId, time: '07:30', timezone: 'Europe/Paris', topics: 'Cloud Computing', size: 3 }));
    expect(set.ephemeral).toBe(true);
    expect(w.jobs.names()).toContain(`digest:${w.channelId}`);
    const preview = await run(w, 'digest', sub('preview'));
    expect(preview.ephemeral).toBe(true);
    expect(String(preview.embeds[0]?.description)).toMatch(/1\. \[Cloud story 0\]/);
    expect(posts(w)).toEqual([]);
    await run(w, 'digest', sub('off'));
    expect(await w.bot.delivery.digests.listByGuild(w.guildId)).toEqual([]);
    expect(w.jobs.names()).not.toContain(`digest:${w.channelId}`);
  });
});

describe('/admin', () => {
  it('shows status privately: corpus size, feeds, digests and recent errors', async () => {
    const reply = await run(w, 'admin', sub('status'));
    expect(reply.ephemeral).toBe(true);
    expect(String(reply.embeds[0]?.description)).toContain('13 articles');
    // None set up here: each section says so (their lines: test/discord/admin-experience.e2e.test.ts).
    const fields = (reply.embeds[0]?.fields ?? []) as { name: string; value: string }[];
    expect(fields.map((f) => [f.name, f.value])).toEqual([['Feeds', 'none'], ['Digests', 'none'], ['Recent errors', 'none']]);
  });

  it('reseeds and answers with the diff; a path outside the corpus is refused', async () => {
    const reply = await run(w, 'admin', sub('reseed'));
    expect(reply.content).toMatch(/\*\*0\*\* added, \*\*0\*\* updated, \*\*0\*\* removed/);
    // Recorded for the other processes sharing the store (src/delivery/corpus-sync.ts).
    expect(await w.bot.context.corpusSync.latest()).toMatchObject({ dirs: [w.corpusDir], generation: 1 });
    const status = await run(w, 'admin', sub('status'));
    expect(String(status.embeds[0]?.description)).toMatch(/Corpus last changed .*: reseed \(\*\*0\*\* added, \*\*0\*\* updated, \*\*0\*\* removed; change #1, followed by every process\)/);
    const logged = w.logs.length;
    const outside = await run(w, 'admin', sub('reseed', { path: '../../etc' }));
    expect(outside.content).toMatch(/must be inside/);
    // The admin's typo, answered to them: an info line without a stack, not a warning.
    const lines = w.logs.slice(logged).map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown; path?: string });
    expect(lines.filter((l) => l.msg.startsWith('reseed'))).toMatchObject([{ level: 30, msg: 'reseed refused', path: '../../etc' }]);
    expect(lines.some((l) => l.err !== undefined || l.level >= 40)).toBe(false);
  });
});

describe('registration', () => {
  it('registered every command, admin ones with Manage Server as default permission', () => {
    const registered = w.discord.registeredCommands(w.guildId);
    expect(registered.map((c) => c.name).sort()).toEqual(['admin', 'digest', 'feed', 'news', 'summary', 'topics']);
    const admin = registered.filter((c) => c.default_member_permissions !== null).map((c) => c.name).sort();
    expect(admin).toEqual(['admin', 'digest', 'feed']);
    expect(registered.find((c) => c.name === 'news')?.description_localizations).toMatchObject({ vi: expect.any(String) });
  });
});

describe('/news with a search too long for a button', () => {
  const longWorld = useWorld();
  const query = 'story body first sentence explains news second sentence adds context readers happened experts weigh details';

  it('keeps paging through a restart, and says "expired" once the stored search is gone', async () => {
    const lw = longWorld();
    const reply = await run(lw, 'news', opts({ topic: 'AI', query, count: 3 }));
    const first = reply.embeds.map((e) => String(e.title));
    expect(first).toHaveLength(3);
    const next = buttonsOf(reply.components)[1]!;
    expect(next.id.length).toBeLessThanOrEqual(100);
    expect(next.id).not.toContain('sentence');

    await lw.bot.stop();
    await lw.restart();
    const page2 = await lw.discord.clickComponent({ message: reply.message!, customId: next.id, user: lw.adminId });
    // The next three of the same ranking (BM25 orders these near-identical articles; a longer title ranks lower).
    const second = page2.embeds.map((e) => String(e.title));
    expect(second).toHaveLength(3);
    expect(second.every((t) => /^(@\u200beveryone )?AI story \d$/.test(t) && !first.includes(t))).toBe(true);

    await lw.bot.context.store.namespace('pager').clear();
    const lost = await lw.discord.clickComponent({ message: page2.message!, customId: buttonsOf(page2.components)[1]!.id, user: lw.adminId });
    expect(lost.components).toEqual([]);
    expect((await until(() => lost.followUps.at(-1)))?.content).toMatch(/expired\. Run `\/news` again/);
  });
});
