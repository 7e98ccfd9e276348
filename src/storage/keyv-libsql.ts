// A Keyv store adapter over libsql (better-sqlite3's API; its binary ships inside the npm package, so `npm ci`
// installs in seconds with nothing to compile). It keeps @keyv/sqlite's table layout — `keyv(key, value)`,
// keys prefixed `namespace:` by Keyv — so a newsbot.sqlite written by earlier versions opens unchanged.
//
// libsql answers synchronously; each call is one short statement on a local file, so the promise wrappers
// exist only to fit Keyv's asynchronous interface.
import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type Database from 'libsql';

type Db = InstanceType<typeof Database>;

const TABLE = 'keyv';
const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(255) PRIMARY KEY, value TEXT)`;

interface Row {
  key: string;
  value: string;
}

/** Escapes LIKE wildcards so a namespace is matched literally. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export class KeyvLibsql extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { dialect: 'sqlite'; table: string };
  namespace?: string;
  readonly #db: Db;

  /** `db` is shared by every namespace of a store and owned by the store, which closes it. */
  constructor(db: Db) {
    super();
    this.#db = db;
    this.opts = { dialect: 'sqlite', table: TABLE };
    db.exec(CREATE);
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const row = this.#db.prepare(`SELECT value FROM ${TABLE} WHERE key = ?`).get(key) as Row | undefined;
    return row?.value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const rows = this.#db
      .prepare(`SELECT key, value FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(keys)) as Row[];
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) as StoredData<Value | undefined>);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.#db
      .prepare(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#db.prepare(`DELETE FROM ${TABLE} WHERE key = ?`).run(key).changes > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return this.#db.prepare(`DELETE FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?))`).run(JSON.stringify(keys)).changes > 0;
  }

  async has(key: string): Promise<boolean> {
    return this.#db.prepare(`SELECT 1 FROM ${TABLE} WHERE key = ?`).get(key) !== undefined;
  }

  async clear(): Promise<void> {
    this.#db.prepare(`DELETE FROM ${TABLE} WHERE key LIKE ? ESCAPE '\\'`).run(likePrefix(this.namespace ? `${this.namespace}:` : ''));
  }

  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const rows = this.#db
      .prepare(`SELECT key, value FROM ${TABLE} WHERE key LIKE ? ESCAPE '\\'`)
      .all(likePrefix(namespace ? `${namespace}:` : '')) as Row[];
    for (const row of rows) yield [row.key, row.value as Awaited<Value>];
  }

  /** The store closes the shared connection once, after every namespace is done. */
  async disconnect(): Promise<void> {}
}
