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

  it('refuses an unknown scheme, naming it and hiding the password', async () => {
    const attempt = openStore('mongodb://admin:hunter2@db/news', dataDir);
    await expect(attempt).rejects.toThrow(/unsupported scheme "mongodb".*redis:\/\//);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});
