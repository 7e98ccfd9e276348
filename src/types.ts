// The data every layer shares. Discord-free: the core (corpus → index → summaries → delivery) depends only on this.

/** A news article after loading and normalization, whatever shape its file had. */
export interface Article {
  /** Stable id: derived from the canonical URL when there is one (survives edits, renames, reloads), else a content hash. */
  id: string;
  title: string;
  /** Short lead; for plain-text articles, derived from the first sentences of the body. */
  excerpt: string;
  /** Full text; often empty for front-matter articles. */
  body: string;
  /** Canonical URL (tracking parameters removed), or null when the file has none. */
  url: string | null;
  /** ISO 8601 timestamp, or null when it cannot be derived (never "now"). */
  publishedAt: string | null;
  provider: Provider;
  /** Canonical topic names (taxonomy names when known, else as written in the file). */
  topics: string[];
  /**
   * Confidence 0..1 per topic: 1 for topics the file's front matter gives; for inferred topics, every topic with
   * keyword evidence (the assigned ones in `topics` are those at or above the threshold, see docs/corpus.md).
   */
  topicScores: Record<string, number>;
  /**
   * Ranking score on one 0–100 scale for every source and shape: the article's rank within its source and
   * year, plus a bonus per other independent source telling its story (docs/corpus.md, Heat). Set by
   * CorpusIndex; loaded articles carry the source's own figure here until indexed.
   */
  heat: number;
  /** The source's own figure: front matter `heat`, or derived from the text for plain text. Set by CorpusIndex. */
  heatRaw?: number;
  /** The story this article tells, with the other articles telling it. Set by CorpusIndex. */
  story?: Story;
  quality: number | null;
  /** ISO 639-1 code: "en", "vi", or "und" when undetermined. */
  language: string;
  /** "article", "video", … from front matter; "article" for plain text. */
  type: string;
  /** First image URL, or null. */
  image: string | null;
  /** Path of the file it was loaded from (the first one, when duplicates merged). */
  source: string;
}

/** One event as told by one or more articles (near-duplicate titles and leads; docs/corpus.md, Stories). */
export interface Story {
  /** Stable across reloads: the id of its earliest-published article (the lowest id among equals). */
  id: string;
  /** Its articles' ids, hottest first: the first is the one a feed posts. */
  articles: string[];
  /** Names of its independent sources (provider name, else domain), hottest article's first. */
  sources: string[];
}

export interface Provider {
  name: string | null;
  domain: string | null;
}

/** A file that could not be loaded, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** A non-fatal problem in a loaded file (a dropped field, a repaired byte). */
export interface LoadWarning {
  path: string;
  line?: number;
  message: string;
}
