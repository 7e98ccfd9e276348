// Turning create/edit request bodies into message objects, and the nonce de-duplication rule.
import { errors } from './errors.ts';
import type { ApiMessage, ApiUser, Json } from './types.ts';

export const MessageFlag = { Ephemeral: 1 << 6, Loading: 1 << 7 } as const;

// Fields of a create/edit body that are copied onto the message as they are.
const EDITABLE = ['content', 'embeds', 'components', 'allowed_mentions', 'flags'] as const;

export interface NewMessage {
  id: string;
  channelId: string;
  guildId?: string;
  author: ApiUser;
  body: Json;
  /** Extra message fields (type, webhook_id, interaction_metadata…). */
  extra?: Partial<ApiMessage>;
  /** Attachments uploaded as multipart files. */
  attachments?: Json[];
}

function hasVisibleContent(body: Json, attachments: Json[] = []): boolean {
  const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.length > 0 : v != null);
  return ['content', 'embeds', 'components', 'sticker_ids', 'poll'].some((k) => nonEmpty(body[k])) || attachments.length > 0;
}

export function buildMessage(m: NewMessage): ApiMessage {
  const message: ApiMessage = {
    id: m.id,
    type: 0,
    channel_id: m.channelId,
    author: m.author,
    content: '',
    embeds: [],
    components: [],
    attachments: m.attachments ?? [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: m.body.tts === true,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    ...m.extra,
  };
  if (m.guildId) message.guild_id = m.guildId;
  if (m.body.nonce !== undefined && m.body.nonce !== null) message.nonce = m.body.nonce as string | number;
  applyEdit(message, m.body, { initial: true });
  return message;
}

/** Applies the editable fields of a body; `initial` skips the edited timestamp. */
export function applyEdit(message: ApiMessage, body: Json, opts: { initial?: boolean } = {}): ApiMessage {
  for (const key of EDITABLE) {
    if (!(key in body)) continue;
    const value = body[key];
    if (key === 'flags') {
      // Only the ephemeral bit survives from a client's flags on a first post; edits keep it as it was.
      const keep = message.flags & MessageFlag.Ephemeral;
      message.flags = opts.initial ? Number(value ?? 0) : keep | (Number(value ?? 0) & ~MessageFlag.Ephemeral);
    } else if (key === 'allowed_mentions') {
      if (value == null) delete message.allowed_mentions;
      else message.allowed_mentions = value as Json;
    } else if (key === 'content') {
      message.content = (value as string | null) ?? '';
    } else {
      message[key] = (value as Json[] | null) ?? [];
    }
  }
  if (!opts.initial) message.edited_timestamp = new Date().toISOString();
  return message;
}

/**
 * "If enforce_nonce is set to true, and a message was created by the same author with the same
 * nonce in the past few minutes, that message is returned and no new message is created."
 */
export class NonceRegistry {
  readonly #seen = new Map<string, { message: ApiMessage; at: number }>();
  readonly #windowMs: number;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  find(authorId: string, body: Json): ApiMessage | undefined {
    if (body.enforce_nonce !== true || body.nonce == null) return undefined;
    const hit = this.#seen.get(`${authorId}:${String(body.nonce)}`);
    return hit && Date.now() - hit.at <= this.#windowMs ? hit.message : undefined;
  }

  remember(authorId: string, body: Json, message: ApiMessage): void {
    if (body.enforce_nonce !== true || body.nonce == null) return;
    const now = Date.now();
    for (const [key, v] of this.#seen) if (now - v.at > this.#windowMs) this.#seen.delete(key);
    this.#seen.set(`${authorId}:${String(body.nonce)}`, { message, at: now });
  }
}

export function requireContent(body: Json, attachments?: Json[]): void {
  if (!hasVisibleContent(body, attachments)) throw errors.emptyMessage();
}
