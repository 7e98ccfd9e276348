// Cron arithmetic on node-cron's own matcher, so "next run" and catch-up agree with what node-cron fires.
import cron from 'node-cron';

interface Matcher {
  getNextMatch(date: Date): Date;
}

/** The first scheduled time strictly after `after`, in `timezone`. */
export function nextRunAfter(expression: string, timezone: string, after: Date): Date {
  // node-cron exposes no "next after an arbitrary date": borrow an unstarted task's matcher, then discard it.
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const matcher = (task as unknown as { timeMatcher?: Matcher }).timeMatcher;
    if (!matcher) throw new Error('node-cron changed: tasks no longer expose timeMatcher; update src/delivery/cron-time.ts');
    return matcher.getNextMatch(after);
  } finally {
    void task.destroy();
  }
}

/** The latest scheduled time ≤ `now` no earlier than `now - lookbackMs`, or undefined when none. */
export function latestRunAtOrBefore(expression: string, timezone: string, now: Date, lookbackMs: number): Date | undefined {
  let latest: Date | undefined;
  for (let t = nextRunAfter(expression, timezone, new Date(now.getTime() - lookbackMs)); t <= now; t = nextRunAfter(expression, timezone, t)) {
    latest = t;
  }
  return latest;
}

/** True when a scheduled time fell in (since, now]: the job should run once to catch up. */
export function missedRun(expression: string, timezone: string, since: Date, now: Date): boolean {
  return nextRunAfter(expression, timezone, since) <= now;
}

/** A digest's daily 'HH:MM' as a cron expression. */
export function dailyCron(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  return `${minutes} ${hours} * * *`;
}
