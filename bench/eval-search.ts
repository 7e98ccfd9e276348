// Search quality on judged queries (eval/search/{dev,test,test2}.jsonl): the bot's CorpusIndex.search beside the
// MiniSearch BM25 baseline, per split and language — nDCG@10, P@5, MRR@10 and how many of each system's top 10
// were never judged (they count as not relevant, so a large number means the pool needs topping up:
// bench/eval/search-pool.ts). Each split is printed under its role: tune on dev and test1 (test.jsonl, seen);
// test2 is held out, for reporting only.
//
//   node bin/run-ts.js bench/eval-search.ts                     the table
//   node bin/run-ts.js bench/eval-search.ts --per-query         plus one line per query of the tuning splits (dev, test1)
//   node bin/run-ts.js bench/eval-search.ts --splits dev,test   only these splits (while tuning: leaves test2 unseen)
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadEvalCorpus } from './eval/search-corpus.ts';
import { MiniSearchBaseline } from './eval/minisearch-baseline.ts';
import { ndcgAt, precisionAt, reciprocalRankAt, unjudgedAt } from './eval/search-metrics.ts';
import { readJudgments, splitPath, SPLIT_ROLES, SPLITS, type QueryJudgments, type Split } from './eval/search-judgments.ts';

const DEPTH = 10;
const PRECISION_DEPTH = 5;
const LANGUAGES = ['en', 'vi', 'all'] as const;

/** A ranker under evaluation: query → judgment keys of its top DEPTH articles, best first. */
type Ranker = (query: string) => string[];

interface Scores {
  ndcg: number;
  precision: number;
  mrr: number;
  unjudged: number;
}

interface QueryScores {
  entry: QueryJudgments;
  bot: Scores;
  baseline: Scores;
}

function score(ranked: string[], judgments: QueryJudgments['judgments']): Scores {
  return {
    ndcg: ndcgAt(ranked, judgments, DEPTH),
    precision: precisionAt(ranked, judgments, PRECISION_DEPTH),
    mrr: reciprocalRankAt(ranked, judgments, DEPTH),
    unjudged: unjudgedAt(ranked, judgments, DEPTH),
  };
}

/** Mean of each metric; unjudged is a total, not a mean. */
function aggregate(rows: Scores[]): Scores {
  const mean = (pick: (s: Scores) => number) => rows.reduce((sum, row) => sum + pick(row), 0) / Math.max(1, rows.length);
  return { ndcg: mean((s) => s.ndcg), precision: mean((s) => s.precision), mrr: mean((s) => s.mrr), unjudged: rows.reduce((sum, row) => sum + row.unjudged, 0) };
}

function scoreSplit(queries: QueryJudgments[], bot: Ranker, baseline: Ranker): QueryScores[] {
  return queries.map((entry) => ({ entry, bot: score(bot(entry.query), entry.judgments), baseline: score(baseline(entry.query), entry.judgments) }));
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/** The table of one split under its role line (which says whether the split may be tuned on). */
function formatTable(role: string, rows: QueryScores[]): string[] {
  const lines = [
    role,
    `${''.padEnd(5)} lang   n │ nDCG@10 bot   bm25      Δ │ P@5 bot   bm25      Δ │ MRR bot   bm25      Δ │ unjudged@10 bot bm25`,
  ];
  for (const language of LANGUAGES) {
    const subset = rows.filter((row) => language === 'all' || row.entry.language === language);
    if (subset.length === 0) continue;
    const bot = aggregate(subset.map((row) => row.bot));
    const base = aggregate(subset.map((row) => row.baseline));
    const metric = (pick: (s: Scores) => number) => `${f3(pick(bot))}  ${f3(pick(base))}  ${signed(pick(bot) - pick(base))}`;
    lines.push(
      `${''.padEnd(5)} ${language.padEnd(4)} ${String(subset.length).padStart(3)} │     ${metric((s) => s.ndcg)} │ ${metric((s) => s.precision)} │ ${metric((s) => s.mrr)} │ ${String(bot.unjudged).padStart(15)} ${String(base.unjudged).padStart(4)}`,
    );
  }
  return lines;
}

function formatPerQuery(rows: QueryScores[]): string[] {
  return rows.map(
    ({ entry, bot, baseline }) =>
      `  ${entry.id} ${entry.language} nDCG bot ${f3(bot.ndcg)} bm25 ${f3(baseline.ndcg)} ${signed(bot.ndcg - baseline.ndcg)}  unjudged ${bot.unjudged}/${baseline.unjudged}  ${entry.query}`,
  );
}

export async function run(options: { perQuery?: boolean; splits?: readonly Split[] } = {}): Promise<void> {
  const corpus = await loadEvalCorpus();
  if ('missing' in corpus) {
    console.log(`eval-search: skipped, ${corpus.missing} (the eval needs ../shared/corpus/{en,vi} beside the repository)`);
    return;
  }
  const baseline = new MiniSearchBaseline(corpus.articles);
  const bot: Ranker = (query) => corpus.bot.search(query, { limit: DEPTH }).map(corpus.keyOf);
  const bm25: Ranker = (query) => baseline.search(query, DEPTH).map(corpus.keyOf);
  console.log(
    `Search vs judged queries: bot (CorpusIndex.search) and bm25 (MiniSearch, folded, AND then OR) over ${corpus.articles.length} articles; ` +
      `relevant = grade ≥ 2, unjudged count as 0`,
  );
  for (const split of options.splits ?? SPLITS) {
    const path = splitPath(split);
    if (!existsSync(path)) {
      console.log(`${split}: no judgments at ${path}`);
      continue;
    }
    const queries = readJudgments(path);
    const rows = scoreSplit(queries, bot, bm25);
    console.log(formatTable(SPLIT_ROLES[split], rows).join('\n'));
    const empty = queries.filter((entry) => !Object.values(entry.judgments).some((grade) => grade > 0));
    if (empty.length) console.log(`  ${split}: no relevant document judged for ${empty.map((entry) => entry.id).join(', ')} (nDCG 0 for every system)`);
    // Query by query only on the tuning splits: test2 is held out, its per-query scores would invite tuning.
    if (options.perQuery && split !== 'test2') console.log(formatPerQuery(rows).join('\n'));
  }
}

/** `--splits a,b`: the named splits, each checked against SPLITS. */
function splitsArgument(argv: readonly string[]): Split[] | undefined {
  const at = argv.indexOf('--splits');
  if (at === -1) return undefined;
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !(SPLITS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length) throw new Error(`--splits takes a comma-separated list of ${SPLITS.join(', ')}; got "${argv[at + 1] ?? ''}"`);
  return names as Split[];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run({ perQuery: process.argv.includes('--per-query'), splits: splitsArgument(process.argv) });
}
