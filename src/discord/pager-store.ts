// Searches too long for a button's custom_id are kept in storage (namespace `pager`) for as long as the buttons
// live. With SQLite, Redis or Postgres they survive a restart and are shared by every process; with the
// memory store a press after a restart finds nothing and is answered like an expired button.
import type Keyv from 'keyv';
import { encodePager, PAGER_TTL_MS, searchKey, type NewsSearch, type PagerState, type SearchRef } from './pager.ts';

export const PAGER_NAMESPACE = 'pager';

/** A little longer than the buttons live, so a press just before expiry still finds its search. */
const STORED_TTL_MS = PAGER_TTL_MS + 60_000;

/**
 * The ref for `search`: spelled out when every page's custom_id fits (the last page has the widest number),
 * else stored under a short key.
 */
export async function searchRef(search: NewsSearch, state: Omit<PagerState, 'ref'>, lastPage: number, store: Keyv): Promise<SearchRef> {
  // One page has no buttons: nothing will ask for the search again.
  if (lastPage === 0 || encodePager({ ...state, page: lastPage, ref: { search } }) !== undefined) return { search };
  const key = searchKey(search, state.userId, state.issuedAt);
  await store.set(key, search, STORED_TTL_MS);
  await sweepExpired(store);
  return { key };
}

/**
 * Removes the refs whose buttons are gone. Redis expires them itself, but SQLite and Postgres keep a Keyv row until
 * it is read, and nothing reads an old ref: one row per long search, for ever. Keyv's iteration deletes the expired
 * rows it meets; the namespace holds only the last ~11 minutes of refs, so each sweep is short. Best effort.
 */
async function sweepExpired(store: Keyv): Promise<void> {
  if (!store.iterator) return;
  try {
    for await (const _ of store.iterator(undefined)) {
      // Iterating is the sweep.
    }
  } catch {
    // A failed sweep leaves rows for the next one.
  }
}

/** The search a ref stands for; undefined when it was stored and is gone (expired, or lost with a memory store). */
export async function searchOf(ref: SearchRef, store: Keyv): Promise<NewsSearch | undefined> {
  if ('search' in ref) return ref.search;
  return (await store.get<NewsSearch>(ref.key)) ?? undefined;
}
