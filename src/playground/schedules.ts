// What the playground shows of feeds and digests, and its "run now" button: a view over the delivery services,
// adapted in the composition root so the page does not depend on delivery internals.

export interface ScheduleView {
  kind: 'feed' | 'digest';
  id: string;
  channelId: string;
  /** One line: topics, thresholds, size. */
  summary: string;
  /** Cron expression or HH:MM. */
  schedule: string;
  timezone: string;
  paused: boolean;
  /** Why it is paused (channel gone, no permission), when it is. */
  pausedReason?: string | null;
  lastRunAt: string | null;
  nextRunAt: string | null;
}

export interface RunNowResult {
  posted: number;
  note?: string;
}

export interface PlaygroundSchedules {
  list(): Promise<ScheduleView[]>;
  /** Undefined when there is no such feed or digest (removed meanwhile). */
  runNow(kind: ScheduleView['kind'], id: string): Promise<RunNowResult | undefined>;
}

/** For a playground started without delivery (tests of the page alone). */
export const NO_SCHEDULES: PlaygroundSchedules = {
  list: async () => [],
  runNow: async () => ({ posted: 0, note: 'delivery is not running' }),
};
