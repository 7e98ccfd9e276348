// Real servers for storage tests: a throwaway redis-server and a throwaway Postgres cluster on random loopback
// ports, in temp dirs, stopped after. When a binary is missing the tests skip and say why.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, chownSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface Service {
  url: string;
  stop(): Promise<void>;
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const REDIS = onPath('redis-server');
/** Why Redis tests are skipped, or undefined when they can run. */
export const redisMissing = REDIS ? undefined : 'redis-server not on PATH (apt-get install -y redis-server): Redis tests skipped';

export async function startRedis(): Promise<Service> {
  if (!REDIS) throw new Error(redisMissing);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-redis-'));
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find((dir) =>
  existsSync(join(dir, 'initdb')),
);
// initdb refuses to run as root: run the server as the `postgres` system user then.
const AS_ROOT = userInfo().uid === 0;
const PG_USER_OK = !AS_ROOT || spawnSync('id', ['-u', 'postgres']).status === 0;
export const postgresMissing = !PG_BIN
  ? 'Postgres binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: Postgres tests skipped'
  : !PG_USER_OK
    ? 'running as root without a `postgres` user to run the server as: Postgres tests skipped'
    : undefined;

function pgRun(binary: string, args: string[]): void {
  const path = join(PG_BIN as string, binary);
  if (AS_ROOT) execFileSync('runuser', ['-u', 'postgres', '--', path, ...args], { stdio: 'pipe' });
  else execFileSync(path, args, { stdio: 'pipe' });
}

/** A Postgres that can also be taken down and brought back on the same data and port (outage tests). */
export interface PostgresService extends Service {
  /** Stops the server at once, as a crash or a stopped database would. */
  halt(): Promise<void>;
  /** Starts it again on the same data and port. */
  resume(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresService> {
  if (postgresMissing) throw new Error(postgresMissing);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-pg-'));
  const data = join(dir, 'data');
  if (AS_ROOT) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'newsbot', '--no-sync', '-E', 'UTF8']);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`;
  pgRun('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    url: `postgres://newsbot:unused-secret@127.0.0.1:${port}/postgres`,
    async halt() {
      pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    async resume() {
      pgRun('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'server.log'), '-w', 'start']);
    },
    async stop() {
      pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the service before the enclosing describe's tests and stops it after; call inside `describe`. */
export function useService(start: () => Promise<Service>): () => Service {
  let service: Service | undefined;
  beforeAll(async () => {
    service = await start();
  });
  afterAll(async () => service?.stop());
  return () => {
    if (!service) throw new Error('service not started');
    return service;
  };
}
