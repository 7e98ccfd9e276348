// The behaviour every store backend must show, run against each real backend by its own test file.
import { expect, it } from 'vitest';
import type { Store, StoreOptions } from '../../src/storage/open-store.ts';
import { until } from '../support/until.ts';

export interface Backend {
  /** Opens a fresh connection to the same underlying data every time. */
  open(options?: StoreOptions): Promise<Store>;
  /** Whether claim expiry follows the injected clock (SQL, memory) or the server's own (Redis). */
  injectableClock: boolean;
}

export function storeContract(backend: () => Backend): void {
  let seq = 0;
  const fresh = (label: string) => `${label}:${process.pid}:${Date.now()}:${++seq}`;

  it('keeps values per namespace and across a close and reopen', async () => {
    const key = fresh('k');
    const first = await backend().open();
    await first.namespace('feeds').set(key, { id: key, topics: ['AI'] });
    await first.namespace('digests').set(key, 'other namespace');
    await first.close();
    const second = await backend().open();
    try {
      expect(await second.namespace('feeds').get(key)).toEqual({ id: key, topics: ['AI'] });
      expect(await second.namespace('digests').get(key)).toBe('other namespace');
      expect(await second.namespace('status').get(key)).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('gives a claim to one owner, lets only that owner release it, and keeps a confirmation forever', async () => {
    const store = await backend().open();
    const { claims } = store;
    const key = fresh('post');
    try {
      expect(await claims.status(key)).toEqual({ state: 'none' });
      expect(await claims.claim(key, 'a', 60_000)).toBe(true);
      expect(await claims.claim(key, 'b', 60_000)).toBe(false);
      expect(await claims.status(key)).toMatchObject({ state: 'claimed', owner: 'a' });
      expect(await claims.release(key, 'b')).toBe(false);
      expect(await claims.release(key, 'a')).toBe(true);
      expect(await claims.claim(key, 'b', 60_000)).toBe(true);
      await claims.confirm(key, 'message-1');
      expect(await claims.status(key)).toEqual({ state: 'done', messageId: 'message-1' });
      expect(await claims.claim(key, 'c', 60_000)).toBe(false);
      expect(await claims.release(key, 'b')).toBe(false);
      const other = fresh('post');
      expect([...(await claims.doneAmong([other, key]))]).toEqual([key]);
    } finally {
      await store.close();
    }
  });

  it('lets another owner take over a claim that expired (a crashed sender)', async () => {
    let now = 1_000_000;
    const store = await backend().open({ now: () => now });
    const key = fresh('post');
    try {
      expect(await store.claims.claim(key, 'crashed', 40)).toBe(true);
      expect(await store.claims.claim(key, 'survivor', 60_000)).toBe(false);
      if (backend().injectableClock) now += 41;
      else await until(async () => (await store.claims.status(key)).state === 'none');
      expect(await store.claims.claim(key, 'survivor', 60_000)).toBe(true);
      expect(await store.claims.status(key)).toMatchObject({ state: 'claimed', owner: 'survivor' });
    } finally {
      await store.close();
    }
  });

  it('gives exactly one winner per key when several connections claim at once', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => backend().open()));
    const keys = Array.from({ length: 40 }, () => fresh('race'));
    try {
      const attempts = await Promise.all(
        keys.flatMap((key) => stores.map(async (store, i) => ({ key, won: await store.claims.claim(key, `owner-${i}`, 60_000) }))),
      );
      for (const key of keys) {
        expect(attempts.filter((a) => a.key === key && a.won)).toHaveLength(1);
      }
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
}
