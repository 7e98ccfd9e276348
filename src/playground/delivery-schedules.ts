// The playground's feeds/digests panel over the real delivery services: what is scheduled, when it last and next
// runs, and "run now" through the same exactly-once path the cron jobs use.
import type { Delivery } from '../delivery/delivery.ts';
import type { Digest, Feed } from '../delivery/model.ts';
import type { PlaygroundSchedules, ScheduleView } from './schedules.ts';

function feedSummary(feed: Feed): string {
  const parts = [feed.topics.join(', ') || 'all topics', `heat ≥ ${feed.minHeat}`, `up to ${feed.maxPerRun} per run`];
  return parts.join(' · ');
}

function digestSummary(digest: Digest): string {
  return [digest.topics?.length ? digest.topics.join(', ') : 'all topics', `top ${digest.size}`].join(' · ');
}

export function deliverySchedules(delivery: Delivery, guildId: string): PlaygroundSchedules {
  const view = async (kind: ScheduleView['kind'], item: Feed | Digest, summary: string, schedule: string): Promise<ScheduleView> => {
    const status = await delivery.status.get(kind, item.id);
    return {
      kind,
      id: item.id,
      channelId: item.channelId,
      summary,
      schedule,
      timezone: item.timezone,
      paused: item.paused === true,
      pausedReason: item.pausedReason ?? null,
      lastRunAt: status?.lastRunAt ?? item.lastRunAt ?? null,
      nextRunAt: delivery.scheduler.nextRun(kind, item.id)?.toISOString() ?? null,
    };
  };
  return {
    async list() {
      const [feeds, digests] = await Promise.all([delivery.feeds.listByGuild(guildId), delivery.digests.listByGuild(guildId)]);
      return Promise.all([
        ...feeds.map((f) => view('feed', f, feedSummary(f), f.schedule)),
        ...digests.map((d) => view('digest', d, digestSummary(d), `daily at ${d.time}`)),
      ]);
    },
    async runNow(kind, id) {
      if (kind === 'feed') {
        const result = await delivery.scheduler.runFeedNow(id);
        if (!result) return undefined;
        const note = result.pausedReason ?? result.error ?? (result.skippedPaused ? 'the feed is paused' : result.posted.length === 0 ? 'nothing new to post' : undefined);
        return { posted: result.posted.length, ...(note && { note }) };
      }
      const result = await delivery.scheduler.runDigestNow(id);
      if (!result) return undefined;
      const note = result.pausedReason ?? result.error ?? (result.skippedPaused ? 'the digest is paused' : result.empty ? 'nothing new for a digest' : result.alreadySent ? 'already sent' : undefined);
      return { posted: result.messageId ? 1 : 0, ...(note && { note }) };
    },
  };
}
