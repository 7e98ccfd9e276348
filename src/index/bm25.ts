// BM25 per field: each field's term count is saturated (k1) and normalised by the field's length against its
// average (b), then the fields are summed with weights. Summing saturated fields (rather than BM25F's one
// saturation over weighted counts) caps what a body can earn by repetition below one title mention: a title
// hit is worth TITLE.weight, a body that says the word 50 times at most BODY.weight × (k1 + 1).
// The sum is stored per posting as one byte (1..255 of VALUE_MAX), so a query's score is idf × that byte.
import { VALUE_MASK } from './postings.ts';

export const BM25 = {
  k1: 1.2,
  title: { weight: 3, b: 0.3 },
  excerpt: { weight: 1.5, b: 0.5 },
  body: { weight: 1, b: 0.75 },
};

/** Field counts are packed into one uint32: title (8 bits), excerpt (8 bits), body (16 bits), each capped. */
export function packCounts(title: number, excerpt: number, body: number): number {
  return (Math.min(title, 0xff) | (Math.min(excerpt, 0xff) << 8) | (Math.min(body, 0xffff) << 16)) >>> 0;
}

/** The largest per-document sum: every field saturated. */
export const VALUE_MAX = (BM25.title.weight + BM25.excerpt.weight + BM25.body.weight) * (BM25.k1 + 1);

/** Per-document field lengths (in words) and their averages: the length normalisation's inputs. */
export interface FieldLengths {
  title: Uint32Array;
  excerpt: Uint32Array;
  body: Uint32Array;
}

function saturate(count: number, length: number, average: number, b: number): number {
  if (count === 0) return 0;
  const norm = average > 0 ? 1 - b + (b * length) / average : 1;
  return (count * (BM25.k1 + 1)) / (count + BM25.k1 * norm);
}

/** A valuer for PostingLog.finish: packed field counts of `doc` → 1..255. */
export function bm25Valuer(lengths: FieldLengths, docs: number): (doc: number, counts: number) => number {
  const average = (values: Uint32Array): number => {
    let sum = 0;
    for (let i = 0; i < docs; i++) sum += values[i]!;
    return docs ? sum / docs : 0;
  };
  const avgTitle = average(lengths.title);
  const avgExcerpt = average(lengths.excerpt);
  const avgBody = average(lengths.body);
  return (doc, counts) => {
    const sum =
      BM25.title.weight * saturate(counts & 0xff, lengths.title[doc]!, avgTitle, BM25.title.b) +
      BM25.excerpt.weight * saturate((counts >>> 8) & 0xff, lengths.excerpt[doc]!, avgExcerpt, BM25.excerpt.b) +
      BM25.body.weight * saturate(counts >>> 16, lengths.body[doc]!, avgBody, BM25.body.b);
    return Math.max(1, Math.min(VALUE_MASK, Math.round((VALUE_MASK * sum) / VALUE_MAX)));
  };
}

/** BM25's idf: rare terms weigh more, a term in every document still a little. */
export function idf(documentFrequency: number, documents: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}
