// What delivery tells the outside about its work, for metrics: runs, claims, posts and sends in flight.
// Delivery stays free of any metrics library; src/bot.ts adapts these events to Prometheus (src/ops/metrics.ts).
import type { TargetKind } from './status.ts';

/**
 * How a feed or digest run ended. ok: it ran (posting nothing counts); failed: a transient error, retried (each
 * retry is a run of its own); paused: its channel is unusable and this run paused it; skipped: paused already,
 * deleted, or this digest period was sent by another process.
 */
export type RunOutcome = 'ok' | 'failed' | 'paused' | 'skipped';

/** Why a post failed: the channel is gone, the bot may not post there, or anything else (transient). */
export type PostFailure = 'missing_channel' | 'forbidden' | 'error';

export interface DeliveryObserver {
  /** A run ended: scheduled, caught up at start, or "run now". */
  onRun(kind: TargetKind, outcome: RunOutcome): void;
  /** An exactly-once claim: won means this process sends; lost means it was sent, or is being sent, elsewhere. */
  onClaim(won: boolean): void;
  /** A send began (+1) or ended (-1): their sum is the sends waiting or in flight. */
  onSending(delta: 1 | -1): void;
  /** A message reached the channel, or the attempt failed. */
  onPost(kind: TargetKind, result: 'sent' | PostFailure): void;
}

export const silentObserver: DeliveryObserver = { onRun() {}, onClaim() {}, onSending() {}, onPost() {} };

/** The fields of FeedRunResult and DigestRunResult that say how a run ended. */
interface RunResultFlags {
  error?: string;
  pausedReason?: string;
  skippedPaused?: boolean;
  alreadySent?: boolean;
}

/** A run's outcome from its result; undefined means the target was gone. */
export function runOutcome(result: RunResultFlags | undefined): RunOutcome {
  if (!result || result.skippedPaused || result.alreadySent) return 'skipped';
  if (result.pausedReason) return 'paused';
  if (result.error) return 'failed';
  return 'ok';
}
