import { describe, expect, it } from 'vitest';
import { DiscordAPIError } from 'discord.js';
import { ChannelUnavailableError } from '../../src/delivery/model.ts';
import { channelProblem } from '../../src/discord/poster.ts';
import { allowedMentions, renderPost } from '../../src/discord/render-post.ts';
import type { Article } from '../../src/types.ts';

const apiError = (code: number, status: number) =>
  new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', { body: {} });

const article: Article = {
  id: 'a', title: 'Hello @here', excerpt: 'Lead', body: '', url: 'https://e.com/a', publishedAt: null,
  provider: { name: 'E', domain: 'e.com' }, topics: ['AI'], topicScores: { AI: 1 }, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: 'x',
};

describe('channelProblem', () => {
  it('maps a gone channel and a forbidden one to ChannelUnavailableError, and leaves the rest transient', () => {
    expect(channelProblem(apiError(10003, 404), '1')).toMatchObject({ reason: 'missing' });
    expect(channelProblem(apiError(50013, 403), '1')).toMatchObject({ reason: 'forbidden' });
    expect(channelProblem(apiError(50001, 403), '1')).toBeInstanceOf(ChannelUnavailableError);
    expect(channelProblem(apiError(0, 500), '1')).toBeUndefined();
    expect(channelProblem(new Error('socket hang up'), '1')).toBeUndefined();
  });
});

describe('renderPost', () => {
  it('mentions only the feed role, and nothing for a digest', () => {
    const feed = renderPost({ kind: 'feed', feedId: 'f', articles: [article], roleId: '42' });
    expect(feed.content).toBe('<@&42>');
    expect(feed.allowed_mentions).toEqual({ parse: [], roles: ['42'] });
    expect(feed.embeds?.[0]?.title).toBe('Hello @\u200bhere');
    const noRole = renderPost({ kind: 'feed', feedId: 'f', articles: [article] });
    expect(noRole.content).toBeUndefined();
    expect(noRole.allowed_mentions).toEqual(allowedMentions(undefined));
  });

  it('keeps a digest of ten articles and three briefings within ten embeds', () => {
    const articles = Array.from({ length: 10 }, (_, i) => ({ ...article, id: `a${i}`, title: `T${i}` }));
    const briefing = { topic: 'AI', bullets: [{ text: 'Point', sources: ['a1'], citations: [1], language: 'en' }], languages: {}, references: [{ n: 1, id: 'a1', title: 'T1', url: 'https://e.com/a1', language: 'en', provider: null }] };
    const body = renderPost({ kind: 'digest', digestId: 'd', articles, briefings: [briefing, briefing, briefing], period: { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' }, timezone: 'UTC' }, 'vi');
    expect(body.embeds!.length).toBeLessThanOrEqual(10);
    expect(String(body.embeds![0]!.description).split('\n')).toHaveLength(10);
    expect(body.embeds![0]!.title).toMatch(/^Bản tin hằng ngày/);
  });

  it('dates a digest by its own time zone: 06:30 in Ho Chi Minh City on 2 May is 23:30 UTC on 1 May', () => {
    const digest = (timezone: string) => renderPost({ kind: 'digest', digestId: 'd', articles: [article], briefings: [], period: { from: '2024-04-30T23:30:00Z', to: '2024-05-01T23:30:00Z' }, timezone });
    expect(digest('Asia/Ho_Chi_Minh').embeds![0]!.title).toMatch(/May 2, 2024|2 May 2024/);
    expect(digest('UTC').embeds![0]!.title).toMatch(/May 1, 2024|1 May 2024/);
  });
});
