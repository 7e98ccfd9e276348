// Deterministic message nonces: the same (channel, unit) always gives the same nonce, so a resend after a
// crash is recognised by Discord (enforce_nonce) as the message it already has.
import { createHash } from 'node:crypto';

/** ≤ 25 characters (Discord's limit), base36. */
export function nonceFor(channelId: string, unit: string): string {
  const digest = createHash('sha256').update(`${channelId}\u0000${unit}`).digest();
  return BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(36).slice(0, 25);
}

export const feedPostKey = (channelId: string, articleId: string): string => `post:${channelId}:${articleId}`;
export const digestPostKey = (channelId: string, period: string): string => `digest:${channelId}:${period}`;
