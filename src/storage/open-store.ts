// The one place that turns KEYV_URL into storage: namespaced Keyv instances plus the matching atomic claim store,
// sharing one connection (pool, client) per store.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import Keyv from 'keyv';
import Database from 'libsql';
import KeyvRedis, { createClient } from '@keyv/redis';
import { KeyvPostgres } from '@keyv/postgres';
import pg from 'pg';
import { MemoryClaimStore, type ClaimStore } from './claims.ts';
import { SqlClaimStore, type SqlQuery } from './sql-claims.ts';
import { RedisClaimStore, type RedisCommands } from './redis-claims.ts';
import { redactUrl } from './redact.ts';
import { KeyvLibsql } from './keyv-libsql.ts';

/** The namespaces the bot uses; others are allowed (tests, future features). */
export type StoreNamespace = 'feeds' | 'digests' | 'history' | 'status' | 'meta' | 'sources' | 'pager';

export interface Store {
  kind: 'sqlite' | 'redis' | 'postgres' | 'memory';
  /** Where the data lives, safe to log (credentials redacted). */
  location: string;
  /** A Keyv whose keys are prefixed with `name`; the same instance for the same name. */
  namespace(name: StoreNamespace | (string & {})): Keyv;
  claims: ClaimStore;
  /** Things the operator should know about the store as opened (an empty database file), for the start-up log. */
  notices: string[];
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Clock for claim expiry in the SQL and memory stores (Redis expires claims by itself). */
  now?: () => number;
}

export class StoreError extends Error {}

/** Why a store could not be reached, naming the (redacted) URL and the variable to fix. */
function unreachable(kind: string, url: string, error: unknown): StoreError {
  return new StoreError(`Cannot connect to ${kind} at ${redactUrl(url)}: ${(error as Error).message}; check KEYV_URL`);
}

const SQLITE_FILE = 'newsbot.sqlite';
const BUSY_TIMEOUT_MS = 5_000;

/**
 * `url` undefined or empty → SQLite file `${dataDir}/newsbot.sqlite`; `sqlite://path` → that file;
 * `redis://` / `rediss://` → Redis; `postgres://` / `postgresql://` → Postgres. Connects before returning,
 * so a wrong URL fails here with a message naming the (redacted) location.
 */
export async function openStore(url: string | undefined, dataDir: string, options: StoreOptions = {}): Promise<Store> {
  const scheme = url ? url.slice(0, url.indexOf(':')).toLowerCase() : 'sqlite';
  if (!url) return openSqlite(resolve(dataDir, SQLITE_FILE), options);
  if (scheme === 'sqlite') return openSqlite(resolve(url.replace(/^sqlite:\/\//i, '')), options);
  if (scheme === 'redis' || scheme === 'rediss') return openRedis(url);
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgres(url, options);
  throw new StoreError(
    `KEYV_URL=${redactUrl(url)} has an unsupported scheme "${scheme}"; use redis://, rediss://, postgres:// or sqlite://, or leave it empty for SQLite under DATA_DIR`,
  );
}

/** Everything in memory: for unit tests and throwaway runs. */
export function openMemoryStore(options: StoreOptions = {}): Store {
  return assemble('memory', 'memory', (name) => new Keyv({ namespace: name }), new MemoryClaimStore(options.now), async () => {});
}

function assemble(
  kind: Store['kind'],
  location: string,
  create: (name: string) => Keyv,
  claims: ClaimStore,
  close: () => Promise<void>,
  notices: string[] = [],
): Store {
  const spaces = new Map<string, Keyv>();
  return {
    kind,
    location,
    claims,
    notices,
    namespace(name) {
      let keyv = spaces.get(name);
      if (!keyv) {
        keyv = create(name);
        keyv.throwOnErrors = true;
        spaces.set(name, keyv);
      }
      return keyv;
    },
    close,
  };
}

async function openSqlite(file: string, options: StoreOptions): Promise<Store> {
  const dir = resolve(file, '..');
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new StoreError(`Cannot create the SQLite store's directory ${dir}: ${(error as Error).message}; check DATA_DIR`);
  }
  const notices: string[] = [];
  // SQLite takes a zero-byte file for a new database: say so, since it usually means a copy or a restore went wrong.
  if (existsSync(file) && statSync(file).size === 0) {
    notices.push(`The SQLite store ${file} is an empty (zero-byte) file: starting with no feeds, digests or post history`);
  }
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    // Several processes may share the file: WAL lets readers and one writer proceed, busy_timeout waits for locks.
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A damaged file is caught here, at start-up, rather than by the first post.
    const { quick_check: check } = db.prepare('PRAGMA quick_check').get() as { quick_check: string };
    if (check !== 'ok') throw new Error(`integrity check: ${check}`);
  } catch (error) {
    throw new StoreError(
      `Cannot open the SQLite store at ${file}: ${(error as Error).message}; the file is not a usable SQLite database — ` +
        'restore it from a backup or move it away to start empty (DATA_DIR sets its folder, KEYV_URL=sqlite://path another file)',
    );
  }
  // One connection for every namespace and the claims: libsql is synchronous, so statements never interleave.
  const query: SqlQuery = async (sql, params) => {
    const statement = db.prepare(sql);
    return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
  };
  const claims = await SqlClaimStore.create('sqlite', query, options.now);
  const adapter = (name: string) => Object.assign(new KeyvLibsql(db), { namespace: name });
  return assemble('sqlite', file, (name) => new Keyv({ store: adapter(name), namespace: name }), claims, async () => void db.close(), notices);
}

async function openRedis(url: string): Promise<Store> {
  let connected = false;
  let client: ReturnType<typeof createClient>;
  try {
    // Inside the try: a malformed URL throws here, and its TypeError carries the whole URL, password included.
    client = createClient({
      url,
      socket: {
        // Fail fast on a wrong URL at start (connect() rejects with the last cause); once up, keep reconnecting with backoff.
        reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 5_000) : retries >= 3 ? cause : 200),
      },
    });
    client.on('error', () => {}); // reported through the failing command or the reconnect strategy
    await client.connect();
  } catch (error) {
    throw unreachable('Redis', url, error);
  }
  connected = true;
  return assemble(
    'redis',
    redactUrl(url),
    // The Redis adapter prefixes keys with its own namespace, so each namespace gets an adapter over the shared client.
    (name) => new Keyv({ store: new KeyvRedis(client, { namespace: name }), namespace: name, useKeyPrefix: false }),
    new RedisClaimStore(client as unknown as RedisCommands),
    async () => {
      connected = false;
      if (client.isOpen) await client.close();
    },
  );
}

type PgPool = InstanceType<typeof pg.Pool>;

/** KeyvPostgres keeps one process-wide pool per URL and ends it on any disconnect; this one uses the store's pool. */
class PooledKeyvPostgres extends KeyvPostgres {
  override async connect(): Promise<(sql: string, values?: unknown[]) => Promise<Record<string, unknown>[]>> {
    // Called from the base constructor, before subclass fields exist: the pool travels in opts.
    const pool = (this.opts as { pool?: PgPool }).pool as PgPool;
    return async (sql, values) => (await pool.query(sql, values)).rows;
  }

  override async disconnect(): Promise<void> {}
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {}); // an idle client dropped by the server; the pool replaces it
  const query: SqlQuery = async (sql, params) => (await pool.query(sql, params)).rows;
  try {
    await query('SELECT 1', []);
  } catch (error) {
    await pool.end().catch(() => {});
    throw unreachable('Postgres', url, error);
  }
  const claims = await SqlClaimStore.create('postgres', query, options.now);
  return assemble(
    'postgres',
    redactUrl(url),
    (name) => new Keyv({ store: new PooledKeyvPostgres({ uri: url, pool } as ConstructorParameters<typeof KeyvPostgres>[0]), namespace: name }),
    claims,
    () => pool.end(),
  );
}
