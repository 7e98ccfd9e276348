// Graceful shutdown: on SIGTERM or SIGINT stop scheduling, let in-flight sends finish (up to a deadline), then close
// resources in order. A second signal exits at once, unless it is the first one again: a supervisor passing on
// what its process group already got (bin/huge-pages.js forwards SIGTERM; systemd signals the whole group). Signals,
// exit, clock and timers are injected so this is testable.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Logger } from './logger.ts';

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

/** What `process` offers; tests pass an EventEmitter. */
export interface SignalSource {
  on(signal: ShutdownSignal, listener: () => void): unknown;
  off(signal: ShutdownSignal, listener: () => void): unknown;
}

export interface ShutdownPlan {
  /** Stop every cron job so nothing new starts. */
  stopScheduling: () => void | Promise<void>;
  /** Resolves when the sends already started have finished. */
  drain: () => Promise<void>;
  /** Closed in order after draining (the bot: its gateway client, then its store; then the HTTP servers). */
  close: { name: string; run: () => void | Promise<void> }[];
}

export interface ShutdownOptions {
  signals?: SignalSource;
  exit?: (code: number) => void;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long in-flight sends may take. Default 8 s: Docker kills 10 s after SIGTERM, closing needs the rest. */
  drainDeadlineMs?: number;
  /** Waits ms; default a timer that does not keep the process alive. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock; default performance.now. */
  now?: () => number;
}

/** Exit codes: 0 clean, 1 a step failed or the drain deadline passed, 130 forced by a second signal. */
export const EXIT = { clean: 0, unclean: 1, forced: 130 } as const;

export interface ShutdownHandle {
  /** Runs the shutdown (also what a signal triggers); resolves with the exit code it passed to exit. */
  shutdown: (reason: string) => Promise<number>;
  /** Removes the signal listeners. */
  dispose: () => void;
}

const SIGNALS: ShutdownSignal[] = ['SIGTERM', 'SIGINT'];
/** The same signal again within this long is the first one delivered twice, not a person asking to force it. */
const REPEAT_MS = 1_000;

export function installShutdown(plan: ShutdownPlan, options: ShutdownOptions = {}): ShutdownHandle {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.logger;
  const deadline = options.drainDeadlineMs ?? 8_000;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms, undefined, { ref: false }));
  const now = options.now ?? (() => performance.now());
  let running: Promise<number> | undefined;
  let first: { signal: ShutdownSignal; at: number } | undefined;

  async function steps(reason: string): Promise<number> {
    log?.info({ reason }, 'shutting down: no new runs; finishing sends in flight');
    let code: number = EXIT.clean;
    const attempt = async (name: string, run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        code = EXIT.unclean;
        log?.error({ err: error, step: name }, `shutdown step failed: ${name}`);
      }
    };
    await attempt('stop scheduling', plan.stopScheduling);
    const drained = await Promise.race([plan.drain().then(() => true, () => true), sleep(deadline).then(() => false)]);
    if (!drained) {
      code = EXIT.unclean;
      log?.warn({ deadlineMs: deadline }, 'sends still in flight at the deadline; their claims stay pending and are retried at next start');
    }
    for (const step of plan.close) await attempt(`close ${step.name}`, step.run);
    log?.info({ code }, 'shutdown complete');
    return code;
  }

  const shutdown = (reason: string): Promise<number> => {
    running ??= steps(reason).then((code) => {
      exit(code);
      return code;
    });
    return running;
  };

  const onSignal = (signal: ShutdownSignal) => () => {
    if (first?.signal === signal && now() - first.at < REPEAT_MS) return;
    if (running) {
      log?.warn({ signal }, 'second signal: exiting now');
      exit(EXIT.forced);
      return;
    }
    first = { signal, at: now() };
    void shutdown(signal);
  };
  const listeners = SIGNALS.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, listener] of listeners) signals.on(signal, listener);
  return {
    shutdown,
    dispose: () => {
      for (const [signal, listener] of listeners) signals.off(signal, listener);
    },
  };
}

/** Counts work in flight so shutdown can wait for it: wrap each send in `track`. */
export class InFlight {
  #count = 0;
  #waiters: (() => void)[] = [];

  get size(): number {
    return this.#count;
  }

  async track<T>(work: Promise<T>): Promise<T> {
    this.#count++;
    try {
      return await work;
    } finally {
      this.#count--;
      if (this.#count === 0) for (const wake of this.#waiters.splice(0)) wake();
    }
  }

  /** Resolves once nothing is in flight. */
  idle(): Promise<void> {
    return this.#count === 0 ? Promise.resolve() : new Promise((resolve) => this.#waiters.push(resolve));
  }
}
