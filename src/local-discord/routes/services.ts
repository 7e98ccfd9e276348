// What route handlers share: the simulated world and the server's settings.
import type { CommandStore } from '../commands.ts';
import type { InteractionHub } from '../interactions.ts';
import type { NonceRegistry } from '../messages.ts';
import type { UploadedFile } from '../rest-router.ts';
import type { DiscordState } from '../state.ts';
import type { Json } from '../types.ts';

export interface Services {
  state: DiscordState;
  commands: CommandStore;
  interactions: InteractionHub;
  nonces: NonceRegistry;
  applicationId: string;
  /** http://host:port, for attachment URLs. */
  baseUrl: () => string;
  gatewayUrl: () => string;
  shards: number;
  maxConcurrency: number;
}

/** Message attachments for uploaded files, described by `attachments` in the payload when present. */
export function attachmentsFor(s: Services, body: Json, files: UploadedFile[]): Json[] {
  const described = Array.isArray(body.attachments) ? (body.attachments as Json[]) : [];
  return files.map((file, index) => {
    const id = s.state.ids.next();
    const meta = described.find((a) => String(a.id) === /\d+/.exec(file.field)?.[0]) ?? described[index] ?? {};
    const filename = String(meta.filename ?? file.filename);
    const url = `${s.baseUrl()}/attachments/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: file.size, content_type: file.contentType, url, proxy_url: url, ...(meta.description ? { description: meta.description } : {}) };
  });
}
