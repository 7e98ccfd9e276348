// The playground page in headless Chromium, against the real bot and the built-in local Discord:
// run /news, use autocomplete, press a button, add a feed and run it now; then what a Discord user would notice:
// the layout after many replies, mentions/underscores/code rendered as Discord does, "(edited)" only on real edits,
// autocomplete showing the choice's name. Saves a screenshot per test in test/artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { buildMessage } from '../../src/local-discord/messages.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { runPlayground, type RunningPlayground } from '../../src/playground/run-playground.ts';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present) console.warn(`test/playground: ${CHROMIUM} not found (apt-get install -y chromium): browser tests skipped`);

const root = resolve(import.meta.dirname, '..', '..');
const SEEDS = resolve(root, 'seeds');
const ARTIFACTS = resolve(root, 'test', 'artifacts');

describe.skipIf(!present)('playground page in Chromium', () => {
  let running: RunningPlayground;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  let seed000Title: string;

  beforeAll(async () => {
    const { articles } = await loadCorpus([SEEDS]);
    seed000Title = articles.find((a) => a.source.includes('000_'))!.title;
    running = await runPlayground({ config: loadConfig({}), corpusDirs: [SEEDS], log: createLogger({ level: 'silent' }), port: 0 });
    profile = mkdtempSync(join(tmpdir(), 'newsbot-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 860 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    // Tests stay on loopback: article images point at news sites, so those requests are refused.
    await page.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.abort());
    await page.goto(running.url);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const send = async (line: string) => {
    await page.fill('#line', line);
    await page.press('#line', 'Enter');
  };

  it('shows the demo server and its channels', async () => {
    await expect.poll(() => page.textContent('#guild-name')).toBe(running.world.guild.name);
    const channels = await page.locator('#channels .channel-label').allTextContents();
    expect(channels).toEqual(running.world.channels.map((c) => c.name));
  });

  it('runs /news topic:AI and shows the seed article as an embed, as the bot posted it', async () => {
    await send('/news topic:AI');
    const title = page.locator('#messages .embed-title', { hasText: seed000Title });
    await title.waitFor();
    expect(await title.getAttribute('href')).toMatch(/^https:\/\//);
    // The page shows what the bot really posted through the local Discord.
    const general = running.world.channels[0]!;
    expect(running.discord.messages(general.id).some((m) => m.embeds.some((e) => e.title === seed000Title))).toBe(true);
    await expect.poll(() => page.locator('#messages .reply-context').last().textContent()).toContain('/news');
  });

  it('offers the bot\'s autocomplete while typing an option', async () => {
    await page.fill('#line', '/news topic:A');
    await page.locator('#suggestions li', { hasText: 'AI' }).first().waitFor();
    const labels = await page.locator('#suggestions .suggestion-label').allTextContents();
    expect(labels.some((l) => l.startsWith('AI'))).toBe(true);
    await page.fill('#line', '');
  });

  it('presses the pager button and sees the next page', async () => {
    await send('/news query:Alibaba count:1');
    const next = page.locator('#messages .message').last().locator('button.button', { hasText: /Next|Sau/ });
    await next.waitFor();
    const before = await page.locator('#messages .message').last().locator('.embed-title').textContent();
    await next.click();
    await expect.poll(() => page.locator('#messages .message').last().locator('.embed-title').textContent()).not.toBe(before);
  });

  it('adds a feed with /feed add, lists it, and posts it with "Run now"', async () => {
    const aiNews = running.world.channels.find((c) => c.name === 'ai-news')!;
    // Yearly schedule: only "Run now" posts during the test.
    await send('/feed add channel:#ai-news topics:AI schedule:"0 0 1 1 *"');
    const entry = page.locator('#schedule-list .schedule', { hasText: '#ai-news' });
    await entry.waitFor();
    await entry.locator('button.run-now').click();
    await expect.poll(() => page.textContent('#channel-name')).toBe('ai-news');
    await page.locator('#messages .embed-title', { hasText: seed000Title }).first().waitFor();
    expect(running.discord.messages(aiNews.id).filter((m) => m.embeds[0]?.title === seed000Title)).toHaveLength(1);
    await expect.poll(() => page.textContent('#status')).toMatch(/feed posted 1 message/);

    // Run again: nothing new, nothing posted twice.
    await entry.locator('button.run-now').click();
    await expect.poll(() => page.textContent('#status')).toMatch(/posted 0 messages/);
    expect(running.discord.messages(aiNews.id).filter((m) => m.embeds[0]?.title === seed000Title)).toHaveLength(1);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png') });
  });
  /** A fresh tab (its own ephemeral replies and scroll state) showing `channel`. */
  const openPage = async (channel: string, viewport = { width: 1280, height: 860 }): Promise<Page> => {
    const tab = await browser.newPage();
    await tab.setViewportSize(viewport);
    await tab.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.abort());
    await tab.goto(running.url);
    await tab.waitForSelector('body[data-ready="true"]');
    await tab.locator('#channels .channel', { hasText: channel }).click();
    await expect.poll(() => tab.textContent('#channel-name')).toBe(channel);
    return tab;
  };
  const sendIn = async (tab: Page, line: string) => {
    await tab.fill('#line', line);
    await tab.press('#line', 'Enter');
    await expect.poll(() => tab.inputValue('#line')).toBe('');
  };
  const screenshot = async (tab: Page, name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await tab.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  };
  const channelId = (name: string) => running.world.channels.find((c) => c.name === name)!.id;

  it('keeps the composer, the channels and the newest reply on screen after many replies; only the message list scrolls', async () => {
    const viewport = { width: 1100, height: 700 };
    const tab = await openPage('tech', viewport);
    const replies = 8;
    for (let i = 0; i < replies; i++) await sendIn(tab, '/news topic:AI count:3');
    await expect.poll(() => tab.locator('#messages .message').count()).toBe(replies);

    const box = (selector: string) => tab.locator(selector).first().evaluate((node) => {
      const r = node.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
    });
    // The page itself never scrolls: everything fits the window.
    // (Evaluated in the page, written as a string: the test's TypeScript has no DOM types.)
    const page = await tab.evaluate<{ scrollHeight: number; scrollWidth: number; innerHeight: number; scrollY: number }>(
      '({ scrollHeight: document.documentElement.scrollHeight, scrollWidth: document.documentElement.scrollWidth, innerHeight, scrollY })');
    expect(page.scrollHeight).toBeLessThanOrEqual(page.innerHeight);
    expect(page.scrollWidth).toBeLessThanOrEqual(viewport.width);
    expect(page.scrollY).toBe(0);
    const main = await box('main');
    expect(main.height).toBeLessThanOrEqual(viewport.height);
    expect(main.right).toBeLessThanOrEqual(viewport.width);
    // Composer at the bottom of the window, fully visible.
    const composer = await box('#composer');
    expect(composer.bottom).toBeLessThanOrEqual(viewport.height);
    expect(composer.top).toBeGreaterThan(viewport.height / 2);
    // Every channel visible.
    for (const channel of running.world.channels) {
      const item = await box(`#channels .channel[data-channel-id="${channel.id}"]`);
      expect(item.top).toBeGreaterThanOrEqual(0);
      expect(item.bottom).toBeLessThanOrEqual(viewport.height);
    }
    // The message list scrolls, and sits at its bottom: the newest reply is in view above the composer.
    const scroll = () => tab.locator('#messages').evaluate((m) => ({ top: m.scrollTop, height: m.scrollHeight, client: m.clientHeight }));
    await expect.poll(async () => { const s = await scroll(); return s.height - s.client - s.top; }).toBeLessThanOrEqual(1);
    expect((await scroll()).height).toBeGreaterThan((await scroll()).client * 2);
    const list = await box('#messages');
    const newest = await tab.locator('#messages .message').last().evaluate((n) => n.getBoundingClientRect().bottom);
    expect(newest).toBeLessThanOrEqual(list.bottom + 1);
    expect(newest).toBeLessThanOrEqual(composer.top + 1);
    await screenshot(tab, 'layout-many-replies');

    // Scrolled up to read: a reply arriving (someone else ran /news) does not pull the list down.
    await tab.locator('#messages').evaluate((m) => { m.scrollTop = 0; });
    await running.discord.runCommand({ guildId: running.world.guild.id, channelId: channelId('tech'), user: running.world.you.id, name: 'news', options: [{ name: 'topic', value: 'AI' }] });
    await expect.poll(() => tab.locator('#messages .message').count()).toBe(replies + 1);
    // Rendered; a scroll it would set off lands by the next frames.
    await tab.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    expect((await scroll()).top).toBe(0);
    await expect.poll(() => tab.isVisible('#jump')).toBe(true);
    await screenshot(tab, 'layout-scrolled-up');
    await tab.click('#jump');
    await expect.poll(async () => { const s = await scroll(); return s.height - s.client - s.top; }).toBeLessThanOrEqual(1);
    expect(await tab.isVisible('#jump')).toBe(false);
    await tab.locator('#messages').evaluate((m) => { m.scrollTop = 0; });
    // Sending a command brings the list back to the newest message, as Discord does.
    await sendIn(tab, '/news topic:AI count:1');
    await expect.poll(() => tab.locator('#messages .message').count()).toBe(replies + 2);
    await expect.poll(async () => { const s = await scroll(); return s.height - s.client - s.top; }).toBeLessThanOrEqual(1);
    await tab.close();
  });

  it('renders mentions, snake_case words and code the way Discord shows them', async () => {
    const tab = await openPage('tin-tuc');
    const role = running.discord.state.createRole(running.world.guild.id, 'breaking-news', 0);
    await sendIn(tab, '/feed add channel:#ai-news topics:AI role:@breaking-news schedule:"0 0 1 1 *" timezone:Asia/Ho_Chi_Minh');
    const added = tab.locator('#messages .message', { hasText: 'will post' }).last().locator('.content');
    await added.waitFor();
    // The role was created just now: its name shows once the page has heard of it (the next poll).
    await expect.poll(() => added.innerText()).toContain('(@breaking-news)');
    const text = await added.innerText();
    expect(text).toContain('to #ai-news on');
    expect(text).not.toMatch(/<[#@]/);
    expect(text).toContain('(Asia/Ho_Chi_Minh)');
    expect(await added.locator('em').count()).toBe(0);
    expect(await added.locator('code').allTextContents()).toContain('0 0 1 1 *');
    expect(await added.locator('.mention').allTextContents()).toEqual(expect.arrayContaining(['#ai-news', '@breaking-news']));

    // A schedule Discord would reject: the reply quotes it outside code, stars and all.
    await sendIn(tab, '/feed add channel:#ai-news topics:AI schedule:"61 * * * *"');
    const refused = tab.locator('#messages .message', { hasText: 'not a valid cron' }).last().locator('.content');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('“61 * * * *”');
    expect(await refused.locator('code').allTextContents()).toContain('0 9 * * *');
    expect(await refused.locator('em').count()).toBe(0);

    // A member's message mentioning the bot, the role and a channel, with code holding markdown characters.
    const channel = channelId('tin-tuc');
    running.discord.state.addMessage(buildMessage({
      id: running.discord.state.ids.next(), channelId: channel, guildId: running.world.guild.id, author: running.world.you,
      body: { content: `<@${running.discord.botUser.id}> see <#${channelId('ai-news')}> and <@&${role.id}>: my_feed_id uses \`*/5 * * * *\` and \`__init__\`, *really*` },
    }));
    const said = tab.locator('#messages .message', { hasText: 'my_feed_id' }).last().locator('.content');
    await said.waitFor();
    const bot = running.discord.botUser;
    expect(await said.innerText()).toBe(`@${bot.global_name ?? bot.username} see #ai-news and @breaking-news: my_feed_id uses */5 * * * * and __init__, really`);
    expect(await said.locator('code').allTextContents()).toEqual(['*/5 * * * *', '__init__']);
    expect(await said.locator('em').allTextContents()).toEqual(['really']);
    await screenshot(tab, 'rendering-mentions-code');
    await tab.close();
  });

  it('marks "(edited)" only on messages edited after their first content, not on a deferred reply filled in', async () => {
    const tab = await openPage('daily-digest');
    // /feed list defers (the bot is thinking…) and then edits the reply with its content.
    await sendIn(tab, '/feed list');
    const listed = tab.locator('#messages .message.ephemeral').last();
    await listed.locator('.content').waitFor();
    expect(await listed.locator('.edited').count()).toBe(0);
    // The pager's Next edits a posted message: that one is edited.
    await sendIn(tab, '/news query:Alibaba count:1');
    const paged = tab.locator('#messages .message', { has: tab.locator('button', { hasText: /Next/ }) }).last();
    const before = await paged.locator('.embed-title').textContent();
    expect(await paged.locator('.edited').count()).toBe(0);
    await paged.locator('button', { hasText: /Next/ }).click();
    await expect.poll(() => paged.locator('.embed-title').textContent()).not.toBe(before);
    await expect.poll(() => paged.locator('.edited').count()).toBe(1);
    await screenshot(tab, 'edited-marks');
    await tab.close();
  });

  it('puts the picked autocomplete choice\'s name in the composer, and runs the command with its value', async () => {
    const tab = await openPage('general');
    const words = seed000Title.split(/\s+/).slice(0, 3).join(' ');
    await tab.fill('#line', `/summary article:"${words}`);
    const choice = tab.locator('#suggestions li', { hasText: seed000Title }).first();
    await choice.waitFor();
    await choice.dispatchEvent('mousedown');
    const line = await tab.inputValue('#line');
    const seed000 = (await loadCorpus([SEEDS])).articles.find((a) => a.source.includes('000_'))!;
    expect(line).toBe(`/summary article:"${seed000Title}" `);
    expect(line).not.toContain(seed000.id);
    await screenshot(tab, 'autocomplete-picked');
    await tab.press('#line', 'Enter');
    await expect.poll(() => tab.inputValue('#line')).toBe('');
    await expect.poll(() => tab.locator('#messages .message').last().locator('.embed-title').textContent()).toBe(seed000Title);
    // The interaction the bot received carried the choice's value (the article id), as on Discord.
    const command = running.discord.interactions.records.filter((r) => r.type === 2).at(-1)!;
    expect((command.payload.data as { options: unknown[] }).options).toEqual([{ name: 'article', type: 3, value: seed000.id }]);
    await tab.close();
  });
});
