import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.ts';
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
