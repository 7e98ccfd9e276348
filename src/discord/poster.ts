// Delivery's Poster over Discord's REST API. The nonce goes out with enforce_nonce, so a resend after a
// crash returns the message Discord already has instead of posting twice. discord.js's REST client waits
// out 429s (per route and global) by itself; a channel that is gone or forbidden becomes ChannelUnavailableError.
import { DiscordAPIError, Routes, type APIMessage, type REST } from 'discord.js';
import { ChannelUnavailableError, type OutgoingPost, type Poster } from '../delivery/model.ts';
import { renderPost } from './render-post.ts';

/** https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
const UNKNOWN_CHANNEL = 10003;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;

/** ChannelUnavailableError for errors that retrying cannot fix; undefined for the rest. */
export function channelProblem(error: unknown, channelId: string): ChannelUnavailableError | undefined {
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.code === UNKNOWN_CHANNEL || error.status === 404) {
    return new ChannelUnavailableError('missing', `channel ${channelId} is gone (${error.status} ${error.code})`);
  }
  if (error.code === MISSING_ACCESS || error.code === MISSING_PERMISSIONS || error.status === 403) {
    return new ChannelUnavailableError('forbidden', `no permission to post in channel ${channelId} (${error.status} ${error.code})`);
  }
  return undefined;
}

export class RestPoster implements Poster {
  readonly #rest: REST;
  readonly #localeOf: (channelId: string) => string | undefined;

  /** `localeOf` gives the channel's guild locale (posts follow the server's language); English when unknown. */
  constructor(rest: REST, localeOf: (channelId: string) => string | undefined = () => undefined) {
    this.#rest = rest;
    this.#localeOf = localeOf;
  }

  async post(channelId: string, message: OutgoingPost, nonce: string): Promise<{ messageId: string }> {
    const body = { ...renderPost(message, this.#localeOf(channelId)), nonce, enforce_nonce: true };
    try {
      const sent = (await this.#rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { messageId: sent.id };
    } catch (error) {
      throw channelProblem(error, channelId) ?? error;
    }
  }
}
