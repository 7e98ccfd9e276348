import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.ts';
import { postgresMissing, startPostgres, useService } from '../support/services.ts';
import { storeContract } from './store-contract.ts';

if (postgresMissing) console.warn(postgresMissing);

describe.skipIf(postgresMissing !== undefined)('Postgres store (real server)', () => {
  const postgres = useService(startPostgres);

  storeContract(() => ({ open: (options) => openStore(postgres().url, '/unused', options), injectableClock: true }));

  it('is reported with its location redacted', async () => {
    const store = await openStore(postgres().url, '/unused');
    await store.close();
    expect(store.kind).toBe('postgres');
    expect(store.location).not.toContain('unused-secret');
  });
});
