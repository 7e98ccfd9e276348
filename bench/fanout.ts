// Fan-out throughput: one article to 1,000 channels through the bot's posting path (RestPoster over discord.js's
// REST client, rendering the seed articles as feed posts) against the local Discord-compatible server enforcing Discord's limits (50 requests/s global, 5 messages per 5 s
// per channel). Figures are printed beside the floor those limits set, and beside the same fan-out against an
// unlimited server with the client's own 50/s pacing lifted (the baseline: what posting costs without waiting).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { REST } from 'discord.js';
import { loadCorpus } from '../src/corpus/load.ts';
import { RestPoster } from '../src/discord/poster.ts';
import { startLocalDiscord, type LocalDiscord, type RateLimitOptions } from '../src/local-discord/index.ts';
import type { Article } from '../src/types.ts';

const GLOBAL_PER_SECOND = 50;
const PER_CHANNEL = { count: 5, windowMs: 5_000 };
const TARGET_RATIO = 1.1;

interface Scenario {
  name: string;
  channels: number;
  postsPerChannel: number;
}

interface Outcome {
  seconds: number;
  posts: number;
  delivered: number;
  duplicates: number;
  rejected429: number;
  failed: number;
}

/** The limits' lower bound on the time to post everything. */
export function floorSeconds(s: Scenario): number {
  const globalFloor = (s.channels * s.postsPerChannel) / GLOBAL_PER_SECOND;
  // A channel's k-th window opens (k-1) windows after its first post.
  const channelFloor = (Math.ceil(s.postsPerChannel / PER_CHANNEL.count) - 1) * (PER_CHANNEL.windowMs / 1000);
  return Math.max(globalFloor, channelFloor);
}

async function fanOut(discord: LocalDiscord, s: Scenario, articles: Article[], clientPerSecond: number): Promise<Outcome> {
  const guild = discord.createGuild('bench');
  const channels = Array.from({ length: s.channels }, (_, i) => discord.createChannel(guild.id, `news-${i}`).id);
  const rest = new REST({ api: discord.apiUrl, retries: 5, globalRequestsPerSecond: clientPerSecond }).setToken(discord.token);
  const poster = new RestPoster(rest);
  const before = discord.requests.length;
  const started = performance.now();
  const results = await Promise.allSettled(
    channels.flatMap((channelId, c) =>
      Array.from({ length: s.postsPerChannel }, (_, p) =>
        poster.post(channelId, { kind: 'feed', feedId: `bench-${c}`, articles: [articles[p % articles.length]!] }, `${c}-${p}`),
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const counts = channels.map((id) => discord.messages(id).length);
  return {
    seconds,
    posts: s.channels * s.postsPerChannel,
    delivered: counts.reduce((a, b) => a + Math.min(b, s.postsPerChannel), 0),
    duplicates: counts.reduce((a, b) => a + Math.max(0, b - s.postsPerChannel), 0),
    rejected429: discord.requests.slice(before).filter((r) => r.status === 429).length,
    failed: results.filter((r) => r.status === 'rejected').length,
  };
}

async function measure(s: Scenario, articles: Article[], rateLimits: RateLimitOptions | false): Promise<Outcome> {
  const discord = await startLocalDiscord({ rateLimits, log: () => {} });
  try {
    return await fanOut(discord, s, articles, rateLimits ? GLOBAL_PER_SECOND : Number.MAX_SAFE_INTEGER);
  } finally {
    await discord.close();
  }
}

const SCENARIOS: Scenario[] = [
  { name: '1 post to each of 1,000 channels', channels: 1_000, postsPerChannel: 1 },
  { name: '12 posts to each of 10 channels', channels: 10, postsPerChannel: 12 },
];

export async function run(): Promise<void> {
  const limits: RateLimitOptions = { globalPerSecond: GLOBAL_PER_SECOND, perChannel: PER_CHANNEL };
  const { articles } = await loadCorpus([resolve(import.meta.dirname, '..', 'seeds')]);
  if (articles.length === 0) throw new Error('bench/fanout: no seed articles in seeds/');
  console.log(`fan-out of seed articles (${articles.length}) through RestPoster; server limits: ${GLOBAL_PER_SECOND} req/s global, ${PER_CHANNEL.count} messages / ${PER_CHANNEL.windowMs / 1000} s per channel`);
  for (const s of SCENARIOS) {
    const baseline = await measure(s, articles, false);
    const limited = await measure(s, articles, limits);
    const floor = floorSeconds(s);
    const ratio = limited.seconds / floor;
    console.log(`\n${s.name} (${limited.posts} posts)`);
    console.log(`  no limits (baseline)   ${baseline.seconds.toFixed(2)} s   ${(baseline.posts / baseline.seconds).toFixed(0)} posts/s`);
    console.log(`  floor set by limits    ${floor.toFixed(2)} s`);
    console.log(`  with Discord's limits  ${limited.seconds.toFixed(2)} s   ${(limited.posts / limited.seconds).toFixed(1)} posts/s   ${ratio.toFixed(3)}× floor (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER'}`);
    console.log(`  delivered ${limited.delivered}/${limited.posts}, duplicates ${limited.duplicates}, failed ${limited.failed}, 429 answers ${limited.rejected429} (retried by the client)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
