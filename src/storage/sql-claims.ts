// Claims in a SQL table beside Keyv's own, for SQLite and Postgres. Each operation is one statement, so it is
// atomic without explicit transactions: INSERT … ON CONFLICT DO UPDATE … WHERE takes over only an expired claim.
import { rowStatus, type ClaimStatus, type ClaimStore } from './claims.ts';

export type SqlDialect = 'sqlite' | 'postgres';
/** Runs one statement with `?` placeholders and returns its rows. */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const TABLE = 'newsbot_claims';
// Keys stay well under 255: 'post:' + two snowflakes + an article id hash.
const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(255) PRIMARY KEY, owner TEXT, expires_at BIGINT, message_id TEXT)`;
const IN_CHUNK = 500;

export class SqlClaimStore implements ClaimStore {
  readonly #query: SqlQuery;
  readonly #now: () => number;

  private constructor(query: SqlQuery, now: () => number) {
    this.#query = query;
    this.#now = now;
  }

  /** Creates the table if needed. `query` is the Keyv adapter's own connection, so no second pool is opened. */
  static async create(dialect: SqlDialect, query: SqlQuery, now: () => number = Date.now): Promise<SqlClaimStore> {
    const run: SqlQuery = dialect === 'postgres' ? (sql, params) => query(numberPlaceholders(sql), params) : query;
    try {
      await run(CREATE, []);
    } catch (error) {
      // Two processes creating the table at once: Postgres reports a duplicate type/relation. It exists now.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P07') throw error;
    }
    return new SqlClaimStore(run, now);
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    const rows = await this.#query(
      `INSERT INTO ${TABLE} (key, owner, expires_at, message_id) VALUES (?, ?, ?, NULL)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE ${TABLE}.message_id IS NULL AND ${TABLE}.expires_at <= ?
       RETURNING key`,
      [key, owner, now + ttlMs, now],
    );
    return rows.length === 1;
  }

  async confirm(key: string, messageId: string): Promise<void> {
    await this.#query(
      `INSERT INTO ${TABLE} (key, owner, expires_at, message_id) VALUES (?, NULL, NULL, ?)
       ON CONFLICT (key) DO UPDATE SET owner = NULL, expires_at = NULL, message_id = excluded.message_id`,
      [key, messageId],
    );
  }

  async release(key: string, owner: string): Promise<boolean> {
    const rows = await this.#query(
      `DELETE FROM ${TABLE} WHERE key = ? AND owner = ? AND message_id IS NULL RETURNING key`,
      [key, owner],
    );
    return rows.length === 1;
  }

  async status(key: string): Promise<ClaimStatus> {
    const rows = await this.#query(`SELECT owner, expires_at, message_id FROM ${TABLE} WHERE key = ?`, [key]);
    const row = rows[0];
    return rowStatus(
      row && {
        owner: (row.owner as string | null) ?? null,
        // Postgres returns BIGINT as a string.
        expiresAt: row.expires_at == null ? null : Number(row.expires_at),
        messageId: (row.message_id as string | null) ?? null,
      },
      this.#now(),
    );
  }

  async doneAmong(keys: string[]): Promise<Set<string>> {
    const done = new Set<string>();
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK);
      const rows = await this.#query(
        `SELECT key FROM ${TABLE} WHERE message_id IS NOT NULL AND key IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) done.add(row.key as string);
    }
    return done;
  }
}

/** `?` → `$1`, `$2`, … (none of our statements contain a literal question mark). */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
