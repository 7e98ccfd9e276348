// Feeds and digests in Keyv. Keyv cannot list keys portably, so each repo keeps an id list per guild and a
// global one; both are updated under a claim-store lock so concurrent processes do not lose entries.
import type Keyv from 'keyv';
import type { ClaimStore } from '../storage/claims.ts';
import type { Digest, Feed } from './model.ts';
import { withLock } from './lock.ts';

interface GuildScoped {
  id: string;
  guildId: string;
}

export class GuildRepo<T extends GuildScoped> {
  readonly #kv: Keyv;
  readonly #claims: ClaimStore;
  readonly #owner: string;
  readonly #name: string;

  /** `owner` identifies this process in locks. */
  constructor(kv: Keyv, claims: ClaimStore, owner: string) {
    this.#kv = kv;
    this.#claims = claims;
    this.#owner = owner;
    this.#name = kv.namespace ?? 'repo';
  }

  async get(id: string): Promise<T | undefined> {
    return (await this.#kv.get<T>(`item:${id}`)) ?? undefined;
  }

  /** Creates or replaces. The item is written before the indexes, so a listed id always resolves. */
  async put(item: T): Promise<void> {
    const previous = await this.get(item.id);
    await this.#kv.set(`item:${item.id}`, item);
    await this.#updateIndex(`guild:${item.guildId}`, (ids) => ids.add(item.id));
    if (previous && previous.guildId !== item.guildId) await this.#updateIndex(`guild:${previous.guildId}`, (ids) => ids.delete(item.id));
    await this.#updateIndex('all', (ids) => ids.add(item.id));
  }

  /** Read-modify-write of one item; undefined when it no longer exists (deleted meanwhile). */
  async update(id: string, change: (item: T) => T): Promise<T | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    const next = change(current);
    await this.#kv.set(`item:${id}`, next);
    return next;
  }

  async delete(id: string): Promise<T | undefined> {
    const item = await this.get(id);
    if (!item) return undefined;
    await this.#kv.delete(`item:${id}`);
    await this.#updateIndex(`guild:${item.guildId}`, (ids) => ids.delete(item.id));
    await this.#updateIndex('all', (ids) => ids.delete(item.id));
    return item;
  }

  listByGuild(guildId: string): Promise<T[]> {
    return this.#load(`guild:${guildId}`);
  }

  listAll(): Promise<T[]> {
    return this.#load('all');
  }

  async #load(indexKey: string): Promise<T[]> {
    const ids = (await this.#kv.get<string[]>(indexKey)) ?? [];
    if (ids.length === 0) return [];
    const items = await this.#kv.getMany<T>(ids.map((id) => `item:${id}`));
    // An id whose item vanished (deleted by a process that crashed before updating the index) is skipped.
    return items.filter((item): item is Awaited<T> => item != null) as T[];
  }

  async #updateIndex(indexKey: string, change: (ids: Set<string>) => unknown): Promise<void> {
    await withLock(this.#claims, `${this.#name}:${indexKey}`, this.#owner, async () => {
      const ids = new Set((await this.#kv.get<string[]>(indexKey)) ?? []);
      change(ids);
      await this.#kv.set(indexKey, [...ids]);
    });
  }
}

export type FeedRepo = GuildRepo<Feed>;
export type DigestRepo = GuildRepo<Digest>;
