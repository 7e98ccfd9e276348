// A short mutex on top of the claim store, for read-modify-write of shared index keys across processes.
import type { ClaimStore } from '../storage/claims.ts';

const LOCK_TTL_MS = 10_000;
const ATTEMPTS = 400;
const WAIT_MS = 25;

export async function withLock<T>(claims: ClaimStore, key: string, owner: string, fn: () => Promise<T>): Promise<T> {
  const lockKey = `lock:${key}`;
  for (let attempt = 0; !(await claims.claim(lockKey, owner, LOCK_TTL_MS)); attempt++) {
    if (attempt >= ATTEMPTS) throw new Error(`Timed out waiting for the storage lock ${lockKey}; another process holds it`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
  try {
    return await fn();
  } finally {
    await claims.release(lockKey, owner);
  }
}
