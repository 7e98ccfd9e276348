// Stories end to end: the same event from two sources, dropped into the corpus and reseeded, reaches the
// channel as one post through the real discord.js client and the local Discord, naming the other source.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/local-discord/index.ts';
import { posts, run, sub, useWorld } from './harness.ts';

function storyFile(slug: string, provider: string, title: string, excerpt: string, published: string): string {
  return [
    '---',
    `title: "${title}"`,
    `excerpt: "${excerpt}"`,
    `publishedDateTime: ${published}`,
    `originalUrl: "https://${provider.toLowerCase()}.example.com/${slug}"`,
    'heat: 50',
    'provider:',
    `  name: ${provider}`,
    `  domain: ${provider.toLowerCase()}.example.com`,
    'topics:',
    '  - AI',
    '---',
    '',
  ].join('\n');
}

describe('a story from two sources', () => {
  const world = useWorld();

  it('is posted once, by its best article, naming the other source, and not again on the next run', async () => {
    const w = world();
    writeFileSync(join(w.corpusDir, 'zdnet.md'), storyFile('alibaba', 'ZDNet', 'Alibaba Cloud nears profitability as customers move into AI workloads', 'Alibaba Cloud customers move to AI and data analytics, driving results.', '2024-02-29T08:00:00Z'));
    writeFileSync(join(w.corpusDir, 'reuters.md'), storyFile('alibaba', 'Reuters', 'Alibaba Cloud nears profitability as customers move to AI workloads', 'Customers of Alibaba Cloud move to AI and data analytics workloads.', '2024-02-29T10:00:00Z'));
    await run(w, 'admin', sub('reseed'));
    const channel = w.discord.createChannel(w.guildId, 'stories');
    await run(w, 'feed', sub('add', { channel: channel.id, topics: 'AI', schedule: '0 9 * * *', timezone: 'UTC', min_heat: 59, max_per_run: 10 }));

    await w.jobs.advanceTo(new Date('2024-03-01T09:00:30Z'));
    await w.jobs.advanceTo(new Date('2024-03-02T09:00:30Z'));
    const alibaba = posts(w, channel.id).filter((m) => JSON.stringify(m.embeds).includes('Alibaba'));
    expect(alibaba).toHaveLength(1);
    const embed = alibaba[0]!.embeds[0] as Json;
    // Each source alone in its group (50) + 10 for the second source: 60.
    expect((embed.fields as Json[]).find((f) => f.name === 'Heat')?.value).toBe('60');
    // Equal heat: the newer article is the story's best (hot order), and the post names the other source.
    expect((embed.author as Json).name).toBe('Reuters');
    expect((embed.fields as Json[]).find((f) => f.name === 'Also')?.value).toBe('ZDNet');
  });
});
