import { dirname } from 'node:path';

// Raw heat for articles whose file does not give one (plain text, or front matter with a bad `heat`), so they
// rank among front-matter articles: the seeds and the shared English corpus carry heat 11–189, median ~70.
//
//   heat = 15 + 75 × (0.4 × topic + 0.3 × length + 0.3 × shape)         → 15 (weak) … 90 (strong)
//   topic  = min(1, best topic's keyword score / 12)  (title hit 3, excerpt hit 2, body hit 1)
//   length = min(1, body words / 1500)                (a long story, not a stub)
//   shape  = 0.5 if the title is 20–150 characters + 0.5 if there is an excerpt distinct from the title
// The shared Vietnamese corpus lands at median ~60, just under the front-matter median, whose heat is measured.
// Pure and deterministic: the same file always gets the same heat, whatever else is in the corpus.

export interface HeatSignals {
  topicScore: number;
  bodyWords: number;
  titleChars: number;
  hasExcerpt: boolean;
}

export const DERIVED_HEAT_MIN = 15;
export const DERIVED_HEAT_SPAN = 75;
/** A body this long (in words) gets the whole length share. */
export const FULL_LENGTH_WORDS = 1500;

export function deriveHeat(signals: HeatSignals): number {
  const topic = Math.min(1, signals.topicScore / 12);
  const length = Math.min(1, signals.bodyWords / FULL_LENGTH_WORDS);
  const shape = (signals.titleChars >= 20 && signals.titleChars <= 150 ? 0.5 : 0) + (signals.hasExcerpt ? 0.5 : 0);
  return Math.round(DERIVED_HEAT_MIN + DERIVED_HEAT_SPAN * (0.4 * topic + 0.3 * length + 0.3 * shape));
}

// ---- One scale for the whole corpus ----
// A front-matter heat of 150 and a derived heat of 80 are on unrelated scales, and so are two providers'
// figures. What compares across them is rank: how an article stands among the articles of its own group
// (one source over one calendar year). Heat is that rank as a mid-rank percentile, 0–100:
//
//   heat = 100 × (articles of the group below it + ½ × articles of the group level with it, itself included) / group size
//
// so a group's top article is near 100, its median 50, and an article alone in its group 50 (nothing to compare
// it with). Ties share one value; the same corpus always gives the same heats; adding articles to a group can
// move its others' heats (delivery keys posts by article and story id, never by heat, so nothing re-posts).

/** Rounded to 0.1: fine enough to keep a group's order, short enough to read. */
const HEAT_DECIMALS = 10;

export interface RawHeat {
  /** The source's own figure (front matter `heat`, or deriveHeat)… */
  heat: number;
  /** …or here, once an index has put `heat` on the one scale: indexing indexed articles again changes nothing. */
  heatRaw?: number;
  provider: { name: string | null; domain: string | null };
  publishedAt: string | null;
  /** The file's path: plain text without a provider is grouped by its folder. */
  source: string;
}

/** Where an article comes from: its provider's domain, else its name, else (plain text) the folder of its file. */
export function originOf(article: Pick<RawHeat, 'provider' | 'source'>): string {
  return article.provider.domain ?? article.provider.name ?? `folder:${dirname(article.source)}`;
}

/** The calendar year (UTC) of an article's heat group, or "undated". */
export function heatWindow(article: Pick<RawHeat, 'publishedAt'>): string {
  const date = article.publishedAt;
  return date ? date.slice(0, 4) : 'undated';
}

/** Where an article's raw heat is comparable: its origin over one calendar year (UTC), or "undated". */
export function heatGroup(article: RawHeat): string {
  return `${originOf(article)}|${heatWindow(article)}`;
}

/** Each article's heat on the one 0–100 scale, in input order (see the formula above). */
export function unifiedHeats(articles: readonly RawHeat[]): number[] {
  const groups = new Map<string, number[]>();
  articles.forEach((article, i) => {
    const key = heatGroup(article);
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  });
  const heats = new Array<number>(articles.length);
  for (const members of groups.values()) {
    const raw = (i: number) => articles[i]!.heatRaw ?? articles[i]!.heat;
    members.sort((a, b) => raw(a) - raw(b));
    for (let start = 0; start < members.length; ) {
      let end = start;
      while (end < members.length && raw(members[end]!) === raw(members[start]!)) end++;
      const heat = rankHeat(start, end - start, members.length);
      for (let k = start; k < end; k++) heats[members[k]!] = heat;
      start = end;
    }
  }
  return heats;
}

/** The heat of an article with `below` articles of its group under its raw heat, `level` level with it (itself included), of `size`. */
export function rankHeat(below: number, level: number, size: number): number {
  const percentile = (100 * (below + level / 2)) / size;
  return Math.round(percentile * HEAT_DECIMALS) / HEAT_DECIMALS;
}

/** Heat a story gains per independent source beyond the first. */
export const COVERAGE_BONUS = 10;
export const MAX_HEAT = 100;

/** An article's heat once its story's coverage counts: +10 per other independent source, at most 100. */
export function coveredHeat(heat: number, sources: number): number {
  return Math.min(MAX_HEAT, heat + COVERAGE_BONUS * Math.max(0, sources - 1));
}
