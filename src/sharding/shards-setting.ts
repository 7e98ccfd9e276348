// How many shards SHARDS asks for. src/config parses the variable ('auto' or 1–1024; unset means 1); this resolves
// 'auto' against the configured API, so it also works with a local Discord-compatible server (discord.js's own
// 'auto' always asks discord.com).

export class ShardsSettingError extends Error {}

export async function resolveShardCount(setting: 'auto' | number, apiUrl: string, token: string, fetchFn: typeof fetch = fetch): Promise<number> {
  return setting === 'auto' ? recommendedShards(apiUrl, token, fetchFn) : setting;
}

/** Discord's recommended shard count for this bot (GET /gateway/bot). */
export async function recommendedShards(apiUrl: string, token: string, fetchFn: typeof fetch = fetch): Promise<number> {
  const response = await fetchFn(`${apiUrl.replace(/\/+$/, '')}/v10/gateway/bot`, { headers: { authorization: `Bot ${token}` } });
  if (response.status === 401) throw new ShardsSettingError('SHARDS=auto: Discord refused DISCORD_TOKEN (401); check the token');
  if (!response.ok) throw new ShardsSettingError(`SHARDS=auto: GET /gateway/bot answered ${response.status}; set SHARDS to a number instead`);
  const { shards } = (await response.json()) as { shards?: number };
  return Math.max(1, shards ?? 1);
}
