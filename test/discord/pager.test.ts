import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import Keyv from 'keyv';
import Database from 'libsql';
import { decodePager, encodePager, isExpired, pageOf, PAGER_TTL_MS, searchKey, type PagerState } from '../../src/discord/pager.ts';
import { PAGER_NAMESPACE, searchOf, searchRef } from '../../src/discord/pager-store.ts';
import { openStore } from '../../src/storage/open-store.ts';

const state: PagerState = {
  ref: { search: { topic: null, query: 'cloud: profits' } },
  userId: '123456789012345678',
  page: 2,
  count: 5,
  language: 'vi',
  issuedAt: 1_700_000_000_000,
};

describe('pager custom_id', () => {
  it('round-trips topic pages, searches and searches within a topic, with colons in the text', () => {
    for (const search of [
      { topic: null, query: 'cloud: profits' },
      { topic: 'AI: Ethics', query: null },
      { topic: 'Cloud Computing', query: 'price: cuts' },
      { topic: 'AI', query: '' },
    ]) {
      const id = encodePager({ ...state, ref: { search } });
      expect(id).toBeDefined();
      expect(decodePager(id!)).toEqual({ ...state, ref: { search } });
    }
    expect(decodePager(encodePager({ ...state, language: null, ref: { key: 'abc_DEF-123' } })!)).toEqual({ ...state, language: null, ref: { key: 'abc_DEF-123' } });
  });

  it('refuses to build a custom_id over Discord’s 100 characters', () => {
    expect(encodePager({ ...state, ref: { search: { topic: null, query: 'q'.repeat(40) } } })!.length).toBeLessThanOrEqual(100);
    expect(encodePager({ ...state, ref: { search: { topic: null, query: 'q'.repeat(100) } } })).toBeUndefined();
  });

  it('rejects custom_ids that are not ours or are damaged', () => {
    expect(decodePager('feed:1:2')).toBeUndefined();
    expect(decodePager('news:notanid:0:5:-:abc:tAI')).toBeUndefined();
    expect(decodePager('news:1:-1:5:-:abc:tAI')).toBeUndefined();
    expect(decodePager('news:1:0:5:-:abc:xAI')).toBeUndefined();
    expect(decodePager('news:1:0:5:-:abc:bz.AI')).toBeUndefined();
    expect(decodePager('news:1:0:5:-:abc:k../x')).toBeUndefined();
  });

  it('expires after the TTL, measured from the command, not the last press', () => {
    expect(isExpired(state, state.issuedAt + PAGER_TTL_MS)).toBe(false);
    expect(isExpired(state, state.issuedAt + PAGER_TTL_MS + 1000)).toBe(true);
  });
});

describe('searches too long for a custom_id', () => {
  const { ref: _, ...base } = state;

  it('stay in the custom_id while every page fits, and go to storage when the last page would not', async () => {
    const store = new Keyv();
    const short = { topic: 'AI', query: 'alibaba cloud' };
    expect(await searchRef(short, base, 19, store)).toEqual({ search: short });
    const long = { topic: 'Cloud Computing', query: 'alibaba cloud price cuts for large language model inference in southeast asia' };
    const ref = await searchRef(long, base, 19, store);
    expect(ref).toEqual({ key: expect.any(String) });
    const id = encodePager({ ...base, page: 19, ref });
    expect(id!.length).toBeLessThanOrEqual(100);
    expect(await searchOf(decodePager(id!)!.ref, store)).toEqual(long);
  });

  it('come back undefined once the stored search is gone, as after a restart with the memory store', async () => {
    const ref = await searchRef({ topic: null, query: 'x'.repeat(150) }, base, 3, new Keyv());
    expect(await searchOf(ref, new Keyv())).toBeUndefined();
  });

  it('are not stored for a single page, which has no buttons', async () => {
    const store = new Keyv();
    const long = { topic: null, query: 'x'.repeat(150) };
    expect(await searchRef(long, base, 0, store)).toEqual({ search: long });
    expect(await store.get(searchKey(long, base.userId, base.issuedAt))).toBeUndefined();
  });

  it('leave no row behind in SQLite once their buttons are gone (SQLite keeps a Keyv row until it is read)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-pager-'));
    const store = await openStore(undefined, dir);
    const rows = () => new Database(join(dir, 'newsbot.sqlite'), { readonly: true }).prepare("SELECT count(*) AS n FROM keyv WHERE key LIKE 'pager:%'").get() as { n: number };
    const now = vi.spyOn(Date, 'now');
    try {
      const day = 24 * 3600_000;
      for (let n = 0; n < 30; n++) {
        now.mockReturnValue(base.issuedAt + n * day);
        await searchRef({ topic: null, query: `${'x'.repeat(150)} ${n}` }, { ...base, issuedAt: base.issuedAt + n * day }, 3, store.namespace(PAGER_NAMESPACE));
      }
      // Thirty long searches a day apart: only the last one's buttons live.
      expect(rows().n).toBe(1);
    } finally {
      now.mockRestore();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 12 }, (_, i) => i);
  it('slices pages and clamps out-of-range pages', () => {
    expect(pageOf(items, 0, 5)).toEqual({ items: [0, 1, 2, 3, 4], page: 0, pages: 3 });
    expect(pageOf(items, 2, 5).items).toEqual([10, 11]);
    expect(pageOf(items, 9, 5).page).toBe(2);
    expect(pageOf([], 0, 5)).toEqual({ items: [], page: 0, pages: 1 });
  });
});
