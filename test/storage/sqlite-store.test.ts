import { mkdtempSync, rmSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.ts';
import { storeContract } from './store-contract.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'newsbot-sqlite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SQLite store (default, a file under DATA_DIR)', () => {
  storeContract(() => ({ open: (options) => openStore(undefined, dataDir, options), injectableClock: true }));

  it('creates DATA_DIR and the newsbot.sqlite file in it', async () => {
    const dir = join(dataDir, 'nested', 'data');
    const store = await openStore('', dir);
    await store.namespace('meta').set('x', 1);
    await store.close();
    expect(existsSync(join(dir, 'newsbot.sqlite'))).toBe(true);
    expect(store.location).toBe(join(dir, 'newsbot.sqlite'));
  });

  it('says which path is wrong when DATA_DIR cannot hold the file', async () => {
    const blocker = join(dataDir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    await expect(openStore(undefined, join(blocker, 'data'))).rejects.toThrow(/SQLite store.*a-file.*DATA_DIR/);
  });

  it('accepts sqlite://path in KEYV_URL', async () => {
    mkdirSync(join(dataDir, 'explicit'));
    const file = join(dataDir, 'explicit', 'bot.db');
    const store = await openStore(`sqlite://${file}`, '/nonexistent');
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a damaged database file, naming the file and what to do, instead of crashing later', async () => {
    const dir = join(dataDir, 'garbage');
    mkdirSync(dir);
    // A file with SQLite's header but garbage pages, as a torn copy leaves it.
    const header = Buffer.from('SQLite format 3\0');
    writeFileSync(join(dir, 'newsbot.sqlite'), Buffer.concat([header, Buffer.alloc(8192, 0xab)]));
    const attempt = openStore(undefined, dir);
    await expect(attempt).rejects.toThrow(/Cannot open the SQLite store at .*garbage\/newsbot\.sqlite.*not a usable SQLite database.*backup.*DATA_DIR/);
  });

  it('says so when the database file is empty (zero bytes), then starts with it', async () => {
    const dir = join(dataDir, 'empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'newsbot.sqlite'), '');
    const store = await openStore(undefined, dir);
    await store.namespace('feeds').set('f', { ok: true });
    expect(await store.namespace('feeds').get('f')).toEqual({ ok: true });
    await store.close();
    expect(store.notices).toEqual([expect.stringMatching(/empty \(zero-byte\) file.*no feeds, digests or post history/)]);
    const reopened = await openStore(undefined, dir);
    expect(reopened.notices).toEqual([]);
    await reopened.close();
  });

  it('refuses an unknown scheme, naming it and hiding the password', async () => {
    const attempt = openStore('mongodb://admin:hunter2@db/news', dataDir);
    await expect(attempt).rejects.toThrow(/unsupported scheme "mongodb".*redis:\/\//);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});
