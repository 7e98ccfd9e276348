import { afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../src/delivery/model.ts';
import { STORE_NAMES, START, harness, type Harness } from './support.ts';

const feed = (id: string, guildId: string): Feed => ({
  id,
  guildId,
  channelId: `ch-${id}`,
  topics: ['AI'],
  minHeat: 0,
  schedule: '0 9 * * *',
  timezone: 'UTC',
  maxPerRun: 3,
  paused: false,
  createdBy: 'u1',
  createdAt: START.toISOString(),
});

describe.each(STORE_NAMES)('feed repository on the %s store', (storeName) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('lists by guild and globally, updates and deletes', async () => {
    h = await harness(storeName, []);
    const { feeds } = h.delivery;
    await feeds.put(feed('a', 'g1'));
    await feeds.put(feed('b', 'g1'));
    await feeds.put(feed('c', 'g2'));
    expect((await feeds.listByGuild('g1')).map((f) => f.id).sort()).toEqual(['a', 'b']);
    expect((await feeds.listAll()).map((f) => f.id).sort()).toEqual(['a', 'b', 'c']);
    await feeds.update('a', (f) => ({ ...f, paused: true }));
    expect((await feeds.get('a'))?.paused).toBe(true);
    expect((await feeds.delete('b'))?.id).toBe('b');
    expect(await feeds.delete('b')).toBeUndefined();
    expect((await feeds.listByGuild('g1')).map((f) => f.id)).toEqual(['a']);
    expect(await feeds.update('b', (f) => f)).toBeUndefined();
  });

  it('loses no feed when two processes add feeds at the same time', async () => {
    h = await harness(storeName, []);
    const other = await h.process('p2');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? h.delivery : other).feeds.put(feed(`f${i}`, i < 5 ? 'g1' : 'g2'))),
    );
    expect((await h.delivery.feeds.listAll()).length).toBe(10);
    expect((await other.feeds.listByGuild('g1')).length).toBe(5);
  });
});
