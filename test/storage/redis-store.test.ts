import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../src/storage/open-store.ts';
import { redisMissing, startRedis, useService } from '../support/services.ts';
import { storeContract } from './store-contract.ts';

if (redisMissing) console.warn(redisMissing);

describe.skipIf(redisMissing !== undefined)('Redis store (real redis-server)', () => {
  const redis = useService(startRedis);

  storeContract(() => ({ open: () => openStore(redis().url, '/unused'), injectableClock: false }));

  it('fails fast with the redacted URL when nothing listens there', async () => {
    const attempt = openStore('redis://user:s3cret@127.0.0.1:1', '/unused');
    await expect(attempt).rejects.toThrow(/Cannot connect to Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });
});

describe('Redis store: a KEYV_URL that cannot work (no server needed)', () => {
  it('says why once, names KEYV_URL, and never carries the password', async () => {
    const cases = [
      ['redis://user:s3cret@127.0.0.1:1', /^Cannot connect to Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1: connect ECONNREFUSED [^;]*; check KEYV_URL$/],
      ['redis://user:s3cret@[bad/0', /^Cannot connect to Redis at .*: Invalid URL; check KEYV_URL$/],
    ] as const;
    for (const [url, message] of cases) {
      const error = await openStore(url, '/unused').then(() => undefined, (e: unknown) => e as Error);
      expect(error).toBeInstanceOf(StoreError);
      expect(error!.message).toMatch(message);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('s3cret');
    }
  });
});
