import { describe, expect, it } from 'vitest';
import { decodePager, encodePager, isExpired, pageOf, PAGER_QUERY_MAX, PAGER_TTL_MS, type PagerState } from '../../src/discord/pager.ts';

const state: PagerState = {
  mode: 'search',
  query: 'cloud: profits',
  userId: '123456789012345678',
  page: 2,
  count: 5,
  language: 'vi',
  issuedAt: 1_700_000_000_000,
};

describe('pager custom_id', () => {
  it('round-trips the browsing state, including a query with colons', () => {
    expect(decodePager(encodePager(state))).toEqual(state);
    expect(decodePager(encodePager({ ...state, mode: 'topic', language: null }))).toEqual({ ...state, mode: 'topic', language: null });
  });

  it('fits Discord’s 100-character custom_id for the longest query the command accepts', () => {
    expect(PAGER_QUERY_MAX).toBeGreaterThanOrEqual(50);
    const id = encodePager({ ...state, userId: '9'.repeat(20), query: 'q'.repeat(PAGER_QUERY_MAX) });
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodePager(id)?.query).toBe('q'.repeat(PAGER_QUERY_MAX));
  });

  it('rejects custom_ids that are not ours or are damaged', () => {
    expect(decodePager('feed:1:2')).toBeUndefined();
    expect(decodePager('news:x:1:0:5:-:abc:q')).toBeUndefined();
    expect(decodePager('news:t:notanid:0:5:-:abc:q')).toBeUndefined();
    expect(decodePager('news:t:1:-1:5:-:abc:q')).toBeUndefined();
  });

  it('expires after the TTL, measured from the command, not the last press', () => {
    expect(isExpired(state, state.issuedAt + PAGER_TTL_MS)).toBe(false);
    expect(isExpired(state, state.issuedAt + PAGER_TTL_MS + 1000)).toBe(true);
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
