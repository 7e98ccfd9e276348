// Prev/Next buttons of `/news`: the browsing state lives in the button's custom_id, so a restart (or another
// process) can answer a press without remembering anything. A search too long for the 100-character
// custom_id is kept in storage instead and the custom_id carries its key (see pager-store.ts). Pure.
import { createHash } from 'node:crypto';

/** Buttons stop working this long after the command ran; the reply's buttons are removed then. */
export const PAGER_TTL_MS = 10 * 60_000;

/** Discord caps custom_id at 100 characters. */
const CUSTOM_ID_MAX = 100;
const PREFIX = 'news';

/** What `/news` was asked: the hottest articles of a topic, a full-text search, or a search within a topic. */
export interface NewsSearch {
  /** Canonical topic name. */
  topic: string | null;
  query: string | null;
}

/** Where a page's search comes from: spelled out in the custom_id, or stored under a short key. */
export type SearchRef = { search: NewsSearch } | { key: string };

export interface PagerState {
  ref: SearchRef;
  /** Who ran the command: the only user the buttons answer. */
  userId: string;
  /** Zero-based page to show. */
  page: number;
  /** Articles per page. */
  count: number;
  /** Language filter, or null for all. */
  language: string | null;
  /** When the command ran (ms since epoch), for expiry; kept across pages. */
  issuedAt: number;
}

/**
 * The ref as the custom_id's last part: `t<topic>`, `q<query>`, `b<topic length, base 36>.<topic><query>`,
 * or `k<key>`. Topic and query are free text (':' included), so the ref comes last.
 */
function encodeRef(ref: SearchRef): string {
  if ('key' in ref) return `k${ref.key}`;
  const { topic, query } = ref.search;
  if (topic !== null && query !== null) return `b${topic.length.toString(36)}.${topic}${query}`;
  return topic !== null ? `t${topic}` : `q${query ?? ''}`;
}

function decodeRef(text: string): SearchRef | undefined {
  const kind = text[0];
  const rest = text.slice(1);
  if (kind === 'k') return /^[\w-]+$/.test(rest) ? { key: rest } : undefined;
  if (kind === 't') return { search: { topic: rest, query: null } };
  if (kind === 'q') return { search: { topic: null, query: rest } };
  if (kind !== 'b') return undefined;
  const dot = rest.indexOf('.');
  const length = parseInt(rest.slice(0, dot), 36);
  if (dot < 1 || !Number.isInteger(length) || dot + 1 + length > rest.length) return undefined;
  return { search: { topic: rest.slice(dot + 1, dot + 1 + length), query: rest.slice(dot + 1 + length) } };
}

/** `news:<user>:<page>:<count>:<lang|->:<issued, base-36 seconds>:<ref>`, or undefined when it would exceed 100 characters. */
export function encodePager(state: PagerState): string | undefined {
  const id = [
    PREFIX,
    state.userId,
    state.page,
    state.count,
    state.language ?? '-',
    Math.floor(state.issuedAt / 1000).toString(36),
    encodeRef(state.ref),
  ].join(':');
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

/** The state behind a custom_id, or undefined when it is not one of ours or is malformed. */
export function decodePager(customId: string): PagerState | undefined {
  const parts = customId.split(':');
  if (parts.length < 7 || parts[0] !== PREFIX) return undefined;
  const [, userId, page, count, language, issued] = parts as [string, string, string, string, string, string];
  const ref = decodeRef(parts.slice(6).join(':'));
  if (!ref) return undefined;
  const state: PagerState = {
    ref,
    userId,
    page: Number(page),
    count: Number(count),
    language: language === '-' ? null : language,
    issuedAt: parseInt(issued, 36) * 1000,
  };
  const valid = /^\d+$/.test(userId) && Number.isInteger(state.page) && state.page >= 0
    && Number.isInteger(state.count) && state.count > 0 && Number.isFinite(state.issuedAt);
  return valid ? state : undefined;
}

/** The storage key of a search that does not fit a custom_id: short, and the same for the same command run. */
export function searchKey(search: NewsSearch, userId: string, issuedAt: number): string {
  return createHash('sha256').update(JSON.stringify([search.topic, search.query, userId, issuedAt])).digest('base64url').slice(0, 16);
}

export function isExpired(state: Pick<PagerState, 'issuedAt'>, now: number): boolean {
  return now - state.issuedAt > PAGER_TTL_MS;
}

/** Page `page` of `items`, with the number of pages (at least 1). */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(clamped * size, clamped * size + size), page: clamped, pages };
}

/** A row of Previous/Next buttons for page `page` (zero-based) of `pages`; `customId(n)` names the button to page n. */
export function pageButtons(customId: (page: number) => string, page: number, pages: number, labels: { prev: string; next: string }) {
  const button = (target: number, label: string, disabled: boolean) => ({ type: 2 as const, style: 2 as const, custom_id: customId(target), label, disabled });
  return {
    type: 1 as const,
    components: [button(page - 1, `◀ ${labels.prev}`, page === 0), button(page + 1, `${labels.next} ▶`, page >= pages - 1)],
  };
}
