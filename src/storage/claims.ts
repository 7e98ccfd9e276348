// Exactly-once building block: a claim is an atomic "I am sending this" lease, confirmed into a permanent
// "done" record once the message exists. Keyv has no set-if-absent, so each backend implements this natively.

export type ClaimStatus =
  | { state: 'none' }
  | { state: 'claimed'; owner: string; expiresAt: number }
  | { state: 'done'; messageId: string };

export interface ClaimStore {
  /**
   * Atomically takes `key` for `owner` for `ttlMs`. True when this caller now holds it: the key was free,
   * or its previous claim expired (crash recovery). False when it is done or held by a live claim.
   */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Marks `key` done forever with the message that fulfilled it. */
  confirm(key: string, messageId: string): Promise<void>;
  /** Gives up a live claim held by `owner` (after a failed send); true when something was released. */
  release(key: string, owner: string): Promise<boolean>;
  status(key: string): Promise<ClaimStatus>;
  /** The subset of `keys` that are done — one round trip to skip what was already delivered. */
  doneAmong(keys: string[]): Promise<Set<string>>;
}

/** A claim record as the SQL and memory stores keep it. */
export interface ClaimRow {
  owner: string | null;
  expiresAt: number | null;
  messageId: string | null;
}

export function rowStatus(row: ClaimRow | undefined, now: number): ClaimStatus {
  if (!row) return { state: 'none' };
  if (row.messageId !== null) return { state: 'done', messageId: row.messageId };
  if (row.owner !== null && row.expiresAt !== null && row.expiresAt > now) {
    return { state: 'claimed', owner: row.owner, expiresAt: row.expiresAt };
  }
  return { state: 'none' };
}

/** In-process claims for unit tests and single-process playgrounds. Atomic because JS is single-threaded. */
export class MemoryClaimStore implements ClaimStore {
  readonly #rows = new Map<string, ClaimRow>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    if (rowStatus(this.#rows.get(key), now).state !== 'none') return false;
    this.#rows.set(key, { owner, expiresAt: now + ttlMs, messageId: null });
    return true;
  }

  async confirm(key: string, messageId: string): Promise<void> {
    this.#rows.set(key, { owner: null, expiresAt: null, messageId });
  }

  async release(key: string, owner: string): Promise<boolean> {
    const row = this.#rows.get(key);
    if (!row || row.messageId !== null || row.owner !== owner) return false;
    return this.#rows.delete(key);
  }

  async status(key: string): Promise<ClaimStatus> {
    return rowStatus(this.#rows.get(key), this.#now());
  }

  async doneAmong(keys: string[]): Promise<Set<string>> {
    return new Set(keys.filter((key) => this.#rows.get(key)?.messageId != null));
  }
}
