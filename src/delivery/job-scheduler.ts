// Where cron ticks come from: node-cron in production, a manual scheduler driven by a test clock (or the
// playground's "run now") elsewhere. Both compute next runs with the same matcher.
import cron from 'node-cron';
import { nextRunAfter } from './cron-time.ts';
import type { Clock } from './model.ts';

export interface ScheduledJob {
  readonly name: string;
  nextRun(): Date | null;
  stop(): void;
}

export interface JobScheduler {
  /**
   * Calls `run(tick)` at every tick of `expression` in `timezone`, `tick` being the scheduled time (not the
   * possibly later wall-clock time). A tick is skipped while the previous run is still busy.
   */
  schedule(name: string, expression: string, timezone: string, run: (tick: Date) => Promise<void>): ScheduledJob;
  /** Calls `run(at)` once at `at` (a run cron cannot express: a daily time its zone's clocks jump past). */
  once(name: string, at: Date, run: (tick: Date) => Promise<void>): ScheduledJob;
}

/**
 * How late a tick may still run (node-cron's missedExecutionTolerance). Its default, 1 s, drops a tick whenever
 * the event loop is held that long as it comes due (a long collection, a big slice of work), and a daily digest
 * then loses its day. A tick runs late unless the next one of its schedule is due already.
 */
const LATE_TICK_MS = 10 * 60_000;

export class NodeCronJobScheduler implements JobScheduler {
  schedule(name: string, expression: string, timezone: string, run: (tick: Date) => Promise<void>): ScheduledJob {
    const task = cron.schedule(expression, (context) => run(context.date), { name, timezone, noOverlap: true, missedExecutionTolerance: LATE_TICK_MS });
    return {
      name,
      nextRun: () => task.getNextRun(),
      stop: () => void task.destroy(),
    };
  }

  once(name: string, at: Date, run: (tick: Date) => Promise<void>): ScheduledJob {
    let pending = true;
    // Planned at most two days ahead (skippedDailyRun), well inside a timer's 24.8-day limit.
    const timer = setTimeout(() => {
      pending = false;
      void run(at);
    }, Math.max(0, at.getTime() - Date.now()));
    return {
      name,
      nextRun: () => (pending ? at : null),
      stop: () => {
        pending = false;
        clearTimeout(timer);
      },
    };
  }
}

/** A clock the test (or playground) moves by hand. */
export class ManualClock implements Clock {
  #now: Date;
  constructor(start: Date) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date): void {
    this.#now = new Date(to);
  }
}

interface ManualJob extends ScheduledJob {
  /** The tick after `tick`, or null for a one-off job. */
  following: (tick: Date) => Date | null;
  run: (tick: Date) => Promise<void>;
  next: Date | null;
}

/** Fires jobs only when told to: `advanceTo` runs every tick that falls in between, in time order. */
export class ManualJobScheduler implements JobScheduler {
  readonly #clock: ManualClock;
  readonly #jobs = new Map<string, ManualJob>();

  constructor(clock: ManualClock) {
    this.#clock = clock;
  }

  schedule(name: string, expression: string, timezone: string, run: (tick: Date) => Promise<void>): ScheduledJob {
    const following = (tick: Date) => nextRunAfter(expression, timezone, tick);
    return this.#add(name, following(this.#clock.now()), following, run);
  }

  once(name: string, at: Date, run: (tick: Date) => Promise<void>): ScheduledJob {
    return this.#add(name, at, () => null, run);
  }

  #add(name: string, next: Date, following: (tick: Date) => Date | null, run: (tick: Date) => Promise<void>): ScheduledJob {
    const job: ManualJob = {
      name,
      following,
      run,
      next,
      nextRun: () => (this.#jobs.get(name) === job ? job.next : null),
      stop: () => {
        if (this.#jobs.get(name) === job) this.#jobs.delete(name);
      },
    };
    this.#jobs.set(name, job);
    return job;
  }

  names(): string[] {
    return [...this.#jobs.keys()].sort();
  }

  /** Moves the clock to `to`, firing each tick on the way with the clock set to that tick. */
  async advanceTo(to: Date): Promise<void> {
    for (;;) {
      const due = [...this.#jobs.values()].filter((job) => job.next && job.next <= to).sort((a, b) => a.next!.getTime() - b.next!.getTime())[0];
      if (!due) break;
      const tick = due.next!;
      this.#clock.set(tick);
      due.next = due.following(tick);
      if (!due.next) due.stop();
      await due.run(tick);
    }
    this.#clock.set(to);
  }
}
