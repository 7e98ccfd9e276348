// `newsbot summary`: one article's summary, a topic briefing, or every article's summary for batch use.
import { CliError, configFrom, EXIT, NotFoundError, type CliCommand, type CliContext } from './command.ts';
import { corpusForCli, unknownTopic } from './corpus-options.ts';
import type { Style } from './terminal.ts';
import type { CorpusIndex } from '../index/corpus-index.ts';
import { summarizeArticle, type ArticleSummary } from '../summary/article.ts';
import { briefTopic, renderBriefing, type TopicBriefing } from '../summary/briefing.ts';
import { summarizeWithLlm } from '../summary/llm.ts';

const HELP = `Usage:
  newsbot summary ID [--sentences N] [--json]          one article's summary
  newsbot summary --topic T [--limit K] [--json]       a briefing on a topic: its top K articles, each story once
  newsbot summary --all [--corpus DIR]... [--json]     every article's summary

Options:
  --sentences N   sentences in a body summary, 1–6 (default 3)
  --topic T       topic name, any case or alias ("ai", "Artificial Intelligence")
  --limit K       articles read for a briefing, 1–50 (default 10)
  --all           summarize every article of the corpus

With SUMMARY_LLM_URL and SUMMARY_LLM_MODEL set (SUMMARY_LLM_KEY optional), a single article is summarized by
that OpenAI-compatible endpoint, falling back to the extractive summary on any failure.`;

export const summaryCommand: CliCommand = {
  help: HELP,
  options: {
    topic: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
    sentences: { type: 'string' },
  },
  run: async (ctx) => {
    const topic = ctx.values.topic as string | undefined;
    const all = ctx.values.all === true;
    const ids = ctx.positionals;
    const modes = [ids.length > 0, topic !== undefined, all].filter(Boolean).length;
    if (modes !== 1 || ids.length > 1) throw new CliError(`give exactly one of: an article ID, --topic T, --all\n\n${HELP}`);
    const sentences = integerOption(ctx, 'sentences', 1, 6);
    const index = await loadIndex(ctx);
    if (topic !== undefined) return briefing(ctx, index, topic);
    if (all) return summarizeAll(ctx, index, sentences);
    return summarizeOne(ctx, index, ids[0]!, sentences);
  },
};

function integerOption(ctx: CliContext, name: string, min: number, max: number): number | undefined {
  const raw = ctx.values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`--${name} must be a whole number from ${min} to ${max}, got "${String(raw)}"`);
  }
  return value;
}

async function loadIndex(ctx: CliContext): Promise<CorpusIndex> {
  const { index, skipped } = await corpusForCli(ctx);
  if (skipped.length > 0) ctx.io.stderr(`${skipped.length} file(s) skipped; \`newsbot corpus check\` says why\n`);
  if (index.size === 0) throw new CliError(`no articles in ${ctx.corpusDirs.join(', ')}`, EXIT.failure);
  return index;
}

async function summarizeOne(ctx: CliContext, index: CorpusIndex, id: string, sentences: number | undefined): Promise<number> {
  const article = index.get(id);
  if (!article) {
    const similar = index.suggestTitles(id, 3).map((a) => `  ${a.id}  ${a.title}`);
    const hint = similar.length ? `\nArticles with a similar title:\n${similar.join('\n')}` : '';
    throw new NotFoundError(`no article with id "${id}" in ${ctx.corpusDirs.join(', ')}${hint}`);
  }
  // Read with every other setting (loadConfig): a SUMMARY_LLM_URL that is no http(s) URL is refused, naming it.
  const llm = configFrom(ctx.io.env).summaryLlm;
  const result: ArticleSummary & { via?: string; fallbackReason?: string } = llm
    ? await summarizeWithLlm(article, llm, { sentences })
    : summarizeArticle(article, { sentences });
  if (result.fallbackReason) ctx.io.stderr(`LLM summarizer failed (${result.fallbackReason}); extractive summary used\n`);
  ctx.emit(result, (r, style) => `${style.bold(article.title)} ${style.dim(`[${r.language}]`)}\n\n${r.summary || '(no text to summarize)'}`);
  return 0;
}

function briefing(ctx: CliContext, index: CorpusIndex, query: string): number {
  const topic = index.resolveTopic(query);
  if (!topic) throw unknownTopic(index, query);
  const limit = integerOption(ctx, 'limit', 1, 50);
  const result = briefTopic(topic, index.byTopic(topic, { limit: limit ?? 10 }), { limit });
  ctx.emit({ ...result, text: renderBriefing(result) }, briefingForTerminal);
  return 0;
}

/** The briefing as terminal text: bullets with [n] citations, then the numbered sources (Markdown is for Discord). */
function briefingForTerminal(briefing: TopicBriefing, style: Style): string {
  const lines = [style.bold(briefing.topic)];
  if (briefing.bullets.length === 0) lines.push('  No articles on this topic yet.');
  for (const bullet of briefing.bullets) lines.push(`  • ${bullet.text} ${style.cyan(bullet.citations.map((n) => `[${n}]`).join(''))}`);
  if (briefing.references.length > 0) lines.push('');
  for (const ref of briefing.references) {
    const where = [ref.provider, ref.language, ref.url].filter(Boolean).join(' · ');
    lines.push(`  ${style.cyan(`[${ref.n}]`)} ${ref.title}${where ? style.dim(`  ${where}`) : ''}`);
  }
  return lines.join('\n');
}

function summarizeAll(ctx: CliContext, index: CorpusIndex, sentences: number | undefined): number {
  const summaries = index.articles.map((article) => {
    const { id, language, summary } = summarizeArticle(article, { sentences });
    return { id, source: article.source, language, summary };
  });
  ctx.emit({ summaries }, (data) => data.summaries.map((s) => `${s.id} [${s.language}] ${s.summary}`).join('\n'));
  return 0;
}
