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

/**
 * When a daily 'HH:MM' that does not exist on a day falls: its zone's clocks jump past it (02:30 on the spring
 * change in America/New_York), so the cron matcher skips that day. Like cron daemons, the day's run happens at
 * the first moment after the jump (03:00 there). Returns the first such moment after `after` within the next
 * two days, or undefined when the time exists on each of them.
 */
export function skippedDailyRun(time: string, timezone: string, after: Date): Date | undefined {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const day = 24 * 3600_000;
  const first = localParts(after, timezone);
  // By calendar day, not by 24 h: the change day is 23 h long, so 23:30 on its eve plus 24 h is the day after.
  for (let n = 0; n <= 2; n++) {
    const wall = Date.UTC(first.year, first.month - 1, first.day + n, hours, minutes);
    // The instants that would show this wall time before and after a jump of the zone's offset.
    const before = wall - offsetAt(wall - day, timezone);
    const past = wall - offsetAt(wall + day, timezone);
    if (before === past) continue; // no offset change around this day
    if ([before, past].some((t) => wallTime(t, timezone) === wall)) continue; // the time exists (maybe twice)
    const jump = firstInstantWithOffset(Math.min(before, past), Math.max(before, past), offsetAt(wall + day, timezone), timezone);
    if (jump > after.getTime()) return new Date(jump);
  }
  return undefined;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time `timezone` shows at instant `t`, as a UTC epoch (minutes precision). */
function wallTime(t: number, timezone: string): number {
  const { year, month, day, hour, minute } = localParts(new Date(t), timezone);
  return Date.UTC(year, month - 1, day, hour, minute);
}

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, timezone: string): number {
  const rounded = t - (t % 60_000);
  return wallTime(rounded, timezone) - rounded;
}

function localParts(at: Date, timezone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** The first whole minute in [from, to] at which the zone's offset is `offset` (its clocks have jumped). */
function firstInstantWithOffset(from: number, to: number, offset: number, timezone: string): number {
  let low = from - (from % 60_000);
  let high = to;
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetAt(middle, timezone) === offset) high = middle;
    else low = middle;
  }
  return high - (high % 60_000);
}
