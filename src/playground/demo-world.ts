// The playground's guild: a few news channels and "you", the server owner (so admin commands work too).
import type { ApiChannel, ApiUser, Guild, LocalDiscord } from '../local-discord/index.ts';

export interface DemoWorld {
  guild: Guild;
  you: ApiUser;
  channels: ApiChannel[];
}

export const DEMO_CHANNELS = [
  { name: 'general', topic: 'Try /news topic:AI here' },
  { name: 'ai-news', topic: 'A feed of AI articles' },
  { name: 'tech', topic: 'Technology and business' },
  { name: 'tin-tuc', topic: 'Tin tức tiếng Việt' },
  { name: 'daily-digest', topic: 'The morning digest' },
] as const;

export function createDemoWorld(discord: LocalDiscord): DemoWorld {
  const you = discord.createUser('you', { globalName: 'You' });
  const guild = discord.createGuild('Newsbot Playground', { ownerId: you.id });
  const channels = DEMO_CHANNELS.map((c) => discord.createChannel(guild.id, c.name, { topic: c.topic }));
  return { guild, you, channels };
}
