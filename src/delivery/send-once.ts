// The exactly-once step shared by feeds and digests: claim the unit, send it with its deterministic nonce,
// confirm. Every way it can end is an explicit outcome the runner turns into pause, retry or skip.
import type { ClaimStore } from '../storage/claims.ts';
import type { GuildRepo } from './repos.ts';
import type { DeliveryStatusStore, TargetKind } from './status.ts';
import { ChannelUnavailableError, silentLogger, type ArticleQuery, type DeliveryLogger, type OutgoingPost, type Poster } from './model.ts';
import { silentObserver, type DeliveryObserver, type PostFailure } from './observer.ts';

/** What both runners need. */
export interface RunnerDeps {
  /** The live corpus (read on every run, so a reseed is picked up). */
  articles: () => ArticleQuery;
  claims: ClaimStore;
  poster: Poster;
  status: DeliveryStatusStore;
  /** This process's identity in claims, e.g. `${hostname}:${pid}`. */
  owner: string;
  /**
   * How long a claim protects an unconfirmed send (default 60 s). Keep it well under Discord's nonce
   * deduplication window (a few minutes), so the resend after a crash is still deduplicated.
   */
  claimTtlMs?: number;
  log?: DeliveryLogger;
  /** Told about every claim and post (metrics). */
  observer?: DeliveryObserver;
}

export const DEFAULT_CLAIM_TTL_MS = 60_000;
/** `hottest({ limit: ALL })`: runners skip what was sent, so they need every match, not the index's default page. */
export const ALL = Number.POSITIVE_INFINITY;

export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  /** Done already, or claimed by a sender elsewhere until `heldUntil` (epoch ms), maybe one that died. */
  | { kind: 'taken'; heldUntil?: number }
  | { kind: 'unavailable'; error: ChannelUnavailableError }
  /**
   * Not posted (the claim is released), or posted but not recorded (the claim is left to expire, and the resend
   * reuses the nonce, which Discord deduplicates).
   */
  | { kind: 'failed'; error: Error };

export async function sendOnce(
  deps: RunnerDeps,
  unit: { key: string; channelId: string; message: OutgoingPost; nonce: string },
): Promise<SendOutcome> {
  const { claims, owner } = deps;
  const observer = deps.observer ?? silentObserver;
  const won = await claims.claim(unit.key, owner, deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS);
  observer.onClaim(won);
  if (!won) {
    const status = await claims.status(unit.key);
    return status.state === 'claimed' ? { kind: 'taken', heldUntil: status.expiresAt } : { kind: 'taken' };
  }
  let messageId: string;
  try {
    ({ messageId } = await observedPost(deps.poster, observer, unit));
  } catch (error) {
    // Not sent (or Discord will deduplicate the nonce): free the unit for the next run.
    await claims.release(unit.key, owner).catch(() => false);
    if (error instanceof ChannelUnavailableError) return { kind: 'unavailable', error };
    return { kind: 'failed', error: asError(error) };
  }
  try {
    await claims.confirm(unit.key, messageId);
  } catch (error) {
    return { kind: 'failed', error: asError(error) };
  }
  return { kind: 'sent', messageId };
}

interface Pausable {
  id: string;
  guildId: string;
  channelId: string;
  paused?: boolean;
  pausedReason?: string;
  lastError?: string;
  lastRunAt?: string;
}

/** Stops a feed or digest whose channel cannot take posts, and says so once in the log and in the status. */
export async function pauseForChannel<T extends Pausable>(
  deps: RunnerDeps,
  repo: GuildRepo<T>,
  kind: TargetKind,
  target: T,
  error: ChannelUnavailableError,
  now: Date,
): Promise<string> {
  const what = error.reason === 'missing' ? 'is gone' : 'does not let the bot post';
  const reason = `channel ${target.channelId} ${what}: ${error.message}`;
  await repo.update(target.id, (item) => ({ ...item, paused: true, pausedReason: reason, lastError: reason }));
  await deps.status.recordError({ kind, id: target.id, guildId: target.guildId }, now, `paused: ${reason}`);
  (deps.log ?? silentLogger).warn({ kind, id: target.id, guildId: target.guildId, channelId: target.channelId, reason: error.reason }, `${kind} paused: ${reason}`);
  return reason;
}

/** Records a failed run (the scheduler retries it: DeliveryScheduler's RUN_RETRY). */
export async function recordFailure<T extends Pausable>(
  deps: RunnerDeps,
  repo: GuildRepo<T>,
  kind: TargetKind,
  target: T,
  error: Error,
  now: Date,
): Promise<void> {
  await repo.update(target.id, (item) => ({ ...item, lastError: error.message }));
  await deps.status.recordError({ kind, id: target.id, guildId: target.guildId }, now, error.message);
  (deps.log ?? silentLogger).error({ kind, id: target.id, guildId: target.guildId, err: error }, `${kind} run failed`);
}

/** Marks a finished run. */
export async function recordRun<T extends Pausable>(
  deps: RunnerDeps,
  repo: GuildRepo<T>,
  kind: TargetKind,
  target: T,
  posted: number,
  now: Date,
): Promise<void> {
  await repo.update(target.id, (item) => ({ ...item, lastRunAt: now.toISOString(), lastError: undefined }));
  await deps.status.recordRun({ kind, id: target.id, guildId: target.guildId }, now, posted);
}

/** poster.post, counted while in flight and reported as sent or failed. */
async function observedPost(
  poster: Poster,
  observer: DeliveryObserver,
  unit: { channelId: string; message: OutgoingPost; nonce: string },
): Promise<{ messageId: string }> {
  observer.onSending(1);
  try {
    const result = await poster.post(unit.channelId, unit.message, unit.nonce);
    observer.onPost(unit.message.kind, 'sent');
    return result;
  } catch (error) {
    observer.onPost(unit.message.kind, error instanceof ChannelUnavailableError ? postFailure(error) : 'error');
    throw error;
  } finally {
    observer.onSending(-1);
  }
}

function postFailure(error: ChannelUnavailableError): PostFailure {
  return error.reason === 'missing' ? 'missing_channel' : 'forbidden';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
