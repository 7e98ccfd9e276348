// Claims in Redis: SET NX PX is the atomic claim and Redis expires it by itself; release is a script so that
// only the owner of a live claim can drop it.
import type { ClaimStatus, ClaimStore } from './claims.ts';

/** The slice of a node-redis v5 client this store uses (the one @keyv/redis connected). */
export interface RedisCommands {
  set(key: string, value: string, options?: object): Promise<string | null>;
  get(key: string): Promise<string | null>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  pTTL(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

type Stored = { owner: string } | { messageId: string };

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, rec = pcall(cjson.decode, v)
if ok and rec.owner == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisClaimStore implements ClaimStore {
  readonly #redis: RedisCommands;
  readonly #prefix: string;

  constructor(redis: RedisCommands, prefix = 'newsbot:claims:') {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const value: Stored = { owner };
    const reply = await this.#redis.set(this.#prefix + key, JSON.stringify(value), {
      condition: 'NX',
      expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) },
    });
    return reply === 'OK';
  }

  async confirm(key: string, messageId: string): Promise<void> {
    const value: Stored = { messageId };
    await this.#redis.set(this.#prefix + key, JSON.stringify(value)); // no expiry: done is forever
  }

  async release(key: string, owner: string): Promise<boolean> {
    const deleted = await this.#redis.eval(RELEASE, { keys: [this.#prefix + key], arguments: [owner] });
    return Number(deleted) === 1;
  }

  async status(key: string): Promise<ClaimStatus> {
    const raw = await this.#redis.get(this.#prefix + key);
    if (raw === null) return { state: 'none' };
    const stored = JSON.parse(raw) as Stored;
    if ('messageId' in stored) return { state: 'done', messageId: stored.messageId };
    const ttl = await this.#redis.pTTL(this.#prefix + key);
    // -2: expired between the two calls.
    return ttl === -2 ? { state: 'none' } : { state: 'claimed', owner: stored.owner, expiresAt: Date.now() + ttl };
  }

  async doneAmong(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const values = await this.#redis.mGet(keys.map((key) => this.#prefix + key));
    return new Set(keys.filter((_, i) => values[i]?.includes('"messageId"')));
  }
}
