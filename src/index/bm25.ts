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

/** Body-only counts up to this have their value kept per document. */
const BODY_ONLY_CACHED = 15;

/** Each field's average length in words: what a length is normalised against. */
export interface FieldAverages {
  title: number;
  excerpt: number;
  body: number;
}

export function fieldAverages(lengths: FieldLengths, docs: number): FieldAverages {
  const average = (values: Uint32Array): number => {
    let sum = 0;
    for (let i = 0; i < docs; i++) sum += values[i]!;
    return docs ? sum / docs : 0;
  };
  return { title: average(lengths.title), excerpt: average(lengths.excerpt), body: average(lengths.body) };
}

/**
 * A valuer for PostingLog.finish: packed field counts of `doc` → 1..255. `averages` defaults to the documents'
 * own; a delta segment is valued against its main segment's (segments.ts).
 */
export function bm25Valuer(lengths: FieldLengths, docs: number, averages = fieldAverages(lengths, docs)): (doc: number, counts: number) => number {
  // Each document's k1 × length norm per field, computed once: the valuer runs for every posting.
  const k1Norms = (values: Uint32Array, b: number, average: number): Float64Array => {
    const k1Norm = new Float64Array(docs);
    for (let i = 0; i < docs; i++) k1Norm[i] = BM25.k1 * (average > 0 ? 1 - b + (b * values[i]!) / average : 1);
    return k1Norm;
  };
  const title = k1Norms(lengths.title, BM25.title.b, averages.title);
  const excerpt = k1Norms(lengths.excerpt, BM25.excerpt.b, averages.excerpt);
  const body = k1Norms(lengths.body, BM25.body.b, averages.body);
  // Most of a document's postings are a word its body holds a few times, and nothing else: their values are
  // kept per document (postings come document after document).
  const bodyOnly = new Uint8Array(BODY_ONLY_CACHED + 1);
  let cachedDoc = -1;
  return (doc, counts) => {
    if (counts <= BODY_ONLY_CACHED << 16 && (counts & 0xffff) === 0) {
      if (doc !== cachedDoc) {
        bodyOnly.fill(0);
        cachedDoc = doc;
      }
      return (bodyOnly[counts >>> 16] ||= value(doc, counts));
    }
    return value(doc, counts);
  };
  function value(doc: number, counts: number): number {
    const sum =
      BM25.title.weight * saturate(counts & 0xff, title[doc]!) +
      BM25.excerpt.weight * saturate((counts >>> 8) & 0xff, excerpt[doc]!) +
      BM25.body.weight * saturate(counts >>> 16, body[doc]!);
    return Math.max(1, Math.min(VALUE_MASK, Math.round((VALUE_MASK * sum) / VALUE_MAX)));
  }
}

/** A field's count saturated (k1) against its length norm (`k1Norm` = k1 × (1 − b + b × length / average)). */
function saturate(count: number, k1Norm: number): number {
  return count === 0 ? 0 : (count * (BM25.k1 + 1)) / (count + k1Norm);
}

/** BM25's idf: rare terms weigh more, a term in every document still a little. */
export function idf(documentFrequency: number, documents: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}
