// Every slash command, its autocomplete and buttons, through the real discord.js client and the local Discord.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../src/local-discord/index.ts';
import { PAGER_TTL_MS } from '../../src/discord/pager.ts';
import { choices, posts, run, sub, until, useWorld, type World } from './harness.ts';

const world = useWorld();
let w: World;
beforeAll(() => {
  w = world();
});

const buttonsOf = (components: Json[]) =>
  components.flatMap((row) => (row.components as Json[]).map((b) => ({ id: String(b.custom_id), label: String(b.label), disabled: b.disabled === true })));

describe('/news', () => {
  it('shows the hottest articles of a topic as linked embeds, a page at a time', async () => {
    const reply = await run(w, 'news', sub('topic', { topic: 'ai', count: 3 }));
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds.map((e) => e.title)).toEqual(['AI story 0', 'AI story 1', 'AI story 2']);
    const [first] = reply.embeds;
    expect(first).toMatchObject({ url: 'https://news.example.com/ai-0', author: { name: 'Example News' }, image: { url: 'https://news.example.com/ai-0.png' } });
    expect(reply.content).toContain('1');
    const buttons = buttonsOf(reply.components);
    expect(buttons.map((b) => b.disabled)).toEqual([true, false]);
  });

  it('pages with Next for the caller, refuses others, and expires cleanly', async () => {
    const reply = await run(w, 'news', sub('topic', { topic: 'AI', count: 3 }));
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

  it('searches the full text', async () => {
    const reply = await run(w, 'news', sub('search', { query: 'Cloud story' }));
    expect(reply.embeds.length).toBeGreaterThan(0);
    expect(String(reply.embeds[0]?.title)).toMatch(/^Cloud story/);
    const none = await run(w, 'news', sub('search', { query: 'zzzqqqxx' }));
    expect(none.ephemeral).toBe(true);
    expect(none.content).toMatch(/Nothing found/);
  });

  it('autocompletes topics with their counts', async () => {
    const found = await choices(w, 'news', sub('topic', { topic: 'clo' }, 'topic'));
    expect(found).toContainEqual({ name: 'Cloud Computing (5)', value: 'Cloud Computing' });
  });

  it('says which topic is unknown, privately', async () => {
    const reply = await run(w, 'news', sub('topic', { topic: 'Underwater basket weaving' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Underwater basket weaving/);
  });

  it('answers a Vietnamese user in Vietnamese', async () => {
    const reply = await run(w, 'news', sub('topic', { topic: 'AI', count: 2 }), 'reader', { locale: 'vi' });
    expect(buttonsOf(reply.components).map((b) => b.label)).toEqual(['◀ Trước', 'Sau ▶']);
    expect((reply.embeds[0]?.fields as Json[]).map((f) => f.name)).toContain('Độ nóng');
  });
});

describe('/summary and /topics', () => {
  it('autocompletes articles by title and summarizes the one picked', async () => {
    const found = await choices(w, 'summary', sub('article', { article: 'Cloud story 2' }, 'article'));
    const pick = found.find((c) => c.name === 'Cloud story 2');
    expect(pick).toBeDefined();
    const reply = await run(w, 'summary', sub('article', { article: pick!.value }));
    expect(reply.embeds[0]).toMatchObject({ title: 'Cloud story 2', url: 'https://news.example.com/cloud-2' });
    expect(String(reply.embeds[0]?.description)).toMatch(/Cloud story 2|sentence/);
  });

  it('briefs a topic with links to its sources', async () => {
    const reply = await run(w, 'summary', sub('topic', { topic: 'Cloud Computing' }));
    expect(String(reply.embeds[0]?.title)).toContain('Cloud Computing');
    expect(String(reply.embeds[0]?.description)).toMatch(/\]\(https:\/\/news\.example\.com\/cloud-\d\)/);
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
    // …and offers them no suggestions either.
    expect(await choices(w, 'feed', sub('remove', { id: '' }, 'id'), 'reader').catch(() => [])).toEqual([]);
  });

  it('refuses an invalid cron or timezone, saving nothing', async () => {
    const bad = await run(w, 'feed', sub('add', { channel: w.channelId, topics: 'AI', schedule: 'every morning', timezone: 'Mars/Olympus' }));
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toMatch(/every morning/);
    expect(bad.content).toMatch(/Mars\/Olympus/);
    expect(await w.bot.delivery.feeds.listByGuild(w.guildId)).toEqual([]);
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
  it('shows status: corpus size, schedules and errors', async () => {
    const reply = await run(w, 'admin', sub('status'));
    expect(reply.ephemeral).toBe(true);
    expect(String(reply.embeds[0]?.description)).toContain('13 articles');
  });

  it('reseeds and answers with the diff; a path outside the corpus is refused', async () => {
    const reply = await run(w, 'admin', sub('reseed'));
    expect(reply.content).toMatch(/\*\*0\*\* added, \*\*0\*\* updated, \*\*0\*\* removed/);
    const outside = await run(w, 'admin', sub('reseed', { path: '../../etc' }));
    expect(outside.content).toMatch(/must be inside/);
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
