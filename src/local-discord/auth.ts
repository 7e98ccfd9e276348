import { randomBytes } from 'node:crypto';

/** A token shaped like Discord's: base64(application id) . base64(timestamp) . hmac-like noise. */
export function makeBotToken(applicationId: string): string {
  const id = Buffer.from(applicationId).toString('base64url');
  const ts = Buffer.from(Math.floor(Date.now() / 1000).toString()).toString('base64url');
  return `${id}.${ts}.${randomBytes(27).toString('base64url')}`;
}

export function applicationIdFromToken(token: string): string {
  return Buffer.from(token.split('.')[0] ?? '', 'base64').toString('utf8');
}

/** An interaction token: opaque, unguessable, carries no meaning. */
export function makeInteractionToken(): string {
  return `aW50ZXJhY3Rpb24.${randomBytes(48).toString('base64url')}`;
}
