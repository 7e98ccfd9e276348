// Prev/Next buttons of `/news`: the whole browsing state lives in the button's custom_id, so a restart
// (or another process) can answer a press without remembering anything. Pure.

/** Buttons stop working this long after the command ran; the reply's buttons are removed then. */
export const PAGER_TTL_MS = 10 * 60_000;

/** Discord caps custom_id at 100 characters. */
const CUSTOM_ID_MAX = 100;
const PREFIX = 'news';

export interface PagerState {
  /** Topic pages or full-text search results. */
  mode: 'topic' | 'search';
  /** The topic name or the search query. */
  query: string;
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

/** `news:<t|s>:<user>:<page>:<count>:<lang|->:<issued, base-36 seconds>:<query>` — query last, it may hold ':'. */
export function encodePager(state: PagerState): string {
  const head = [
    PREFIX,
    state.mode === 'topic' ? 't' : 's',
    state.userId,
    state.page,
    state.count,
    state.language ?? '-',
    Math.floor(state.issuedAt / 1000).toString(36),
  ].join(':');
  // The command's options cap the query's length; clipping here only guards the 100-character limit.
  return `${head}:${state.query}`.slice(0, CUSTOM_ID_MAX);
}

/** The state behind a custom_id, or undefined when it is not one of ours or is malformed. */
export function decodePager(customId: string): PagerState | undefined {
  const parts = customId.split(':');
  if (parts.length < 8 || parts[0] !== PREFIX) return undefined;
  const [, mode, userId, page, count, language, issued] = parts as [string, string, string, string, string, string, string];
  const state: PagerState = {
    mode: mode === 't' ? 'topic' : 'search',
    userId,
    page: Number(page),
    count: Number(count),
    language: language === '-' ? null : language,
    issuedAt: parseInt(issued, 36) * 1000,
    query: parts.slice(7).join(':'),
  };
  const valid = (mode === 't' || mode === 's') && /^\d+$/.test(userId) && Number.isInteger(state.page) && state.page >= 0
    && Number.isInteger(state.count) && state.count > 0 && Number.isFinite(state.issuedAt);
  return valid ? state : undefined;
}

/** The longest query that still fits a custom_id for any user id (snowflakes have at most 20 digits). */
export const PAGER_QUERY_MAX = CUSTOM_ID_MAX - encodePager({
  mode: 'search', query: '', userId: '9'.repeat(20), page: 99, count: 10, language: 'xx', issuedAt: 99_999_999_999_000,
}).length;

export function isExpired(state: PagerState, now: number): boolean {
  return now - state.issuedAt > PAGER_TTL_MS;
}

/** Page `page` of `items`, with the number of pages (at least 1). */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(clamped * size, clamped * size + size), page: clamped, pages };
}
