// The one place that turns KEYV_URL into storage: namespaced Keyv instances plus the matching atomic claim store,
// sharing one connection (pool, client) per store.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis, { createClient } from '@keyv/redis';
import { KeyvPostgres } from '@keyv/postgres';
import pg from 'pg';
import { MemoryClaimStore, type ClaimStore } from './claims.ts';
import { SqlClaimStore, type SqlQuery } from './sql-claims.ts';
import { RedisClaimStore, type RedisCommands } from './redis-claims.ts';
import { redactUrl } from './redact.ts';

/** The namespaces the bot uses; others are allowed (tests, future features). */
export type StoreNamespace = 'feeds' | 'digests' | 'history' | 'status' | 'meta';

export interface Store {
  kind: 'sqlite' | 'redis' | 'postgres' | 'memory';
  /** Where the data lives, safe to log (credentials redacted). */
  location: string;
  /** A Keyv whose keys are prefixed with `name`; the same instance for the same name. */
  namespace(name: StoreNamespace | (string & {})): Keyv;
  claims: ClaimStore;
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
): Store {
  const spaces = new Map<string, Keyv>();
  return {
    kind,
    location,
    claims,
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
  const open = () => {
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: BUSY_TIMEOUT_MS });
    adapter.on('error', () => {}); // the failing query rejects with the same error
    return adapter;
  };
  // One connection per namespace (the adapter keeps the namespace for clear()); all on the same file.
  const first = open();
  const adapters = [first];
  let spare: KeyvSqlite | undefined = first; // the claims connection also serves the first namespace
  const query: SqlQuery = (sql, params) => first.query(sql, ...params);
  try {
    // Several processes may share the file: WAL lets readers and one writer proceed, busy_timeout waits for locks.
    await query('PRAGMA journal_mode = WAL', []);
  } catch (error) {
    throw new StoreError(`Cannot open the SQLite store at ${file}: ${(error as Error).message}; check DATA_DIR is writable`);
  }
  const claims = await SqlClaimStore.create('sqlite', query, options.now);
  return assemble(
    'sqlite',
    file,
    (name) => {
      const adapter = spare ?? open();
      if (adapter !== spare) adapters.push(adapter);
      spare = undefined;
      return new Keyv({ store: adapter, namespace: name });
    },
    claims,
    async () => {
      await Promise.all(adapters.map((adapter) => adapter.disconnect()));
    },
  );
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
