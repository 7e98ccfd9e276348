// Optional, off by default: summaries from an OpenAI-compatible chat endpoint. Any failure (network, timeout,
// HTTP error, odd reply) falls back to the extractive summary, so the bot never depends on it.
import type { Article } from '../types.ts';
import { scrubSecrets } from '../ops/scrub-secrets.ts';
import { splitSentences } from '../text/segment.ts';
import { summarizeArticle, DEFAULT_SENTENCES, EMBED_DESCRIPTION_CHARS, type ArticleSummary, type SummaryOptions } from './article.ts';
import { fitBudget } from './extract.ts';

export interface LlmSettings {
  /** Base URL ("http://host/v1") or the full chat-completions URL. */
  url: string;
  model: string;
  /** Sent as a bearer token; never logged nor put into messages. */
  key: string | undefined;
  timeoutMs: number;
}

export interface LlmSummary extends ArticleSummary {
  via: 'llm' | 'extractive';
  /** Why the LLM was not used, when it was configured but failed. */
  fallbackReason?: string;
}

/** The article text sent, at most: enough for a summary, bounded cost. */
const PROMPT_CHARS = 12_000;
const LANGUAGE_NAMES: Readonly<Record<string, string>> = { en: 'English', vi: 'Vietnamese' };

/** The LLM's summary of `article`, or the extractive one (with the reason) when anything goes wrong. */
export async function summarizeWithLlm(
  article: Article,
  settings: LlmSettings,
  options: SummaryOptions & { fetch?: typeof fetch } = {},
): Promise<LlmSummary> {
  const { fetch: doFetch = fetch, ...summaryOptions } = options;
  try {
    const text = await complete(article, settings, summaryOptions, doFetch);
    const sentences = fitBudget(splitSentences(text, { language: article.language }), summaryOptions.maxChars ?? EMBED_DESCRIPTION_CHARS);
    if (sentences.length === 0) throw new Error('the reply had no text');
    return { id: article.id, language: article.language, summary: sentences.join(' '), sentences, via: 'llm' };
  } catch (error) {
    const fallbackReason = redact(describe(error, settings), settings.key);
    return { ...summarizeArticle(article, summaryOptions), via: 'extractive', fallbackReason };
  }
}

async function complete(article: Article, settings: LlmSettings, options: SummaryOptions, doFetch: typeof fetch): Promise<string> {
  const count = options.sentences ?? DEFAULT_SENTENCES;
  const language = LANGUAGE_NAMES[article.language] ?? 'the language of the article';
  const content = `${article.title}\n\n${article.body || article.excerpt}`.slice(0, PROMPT_CHARS);
  const response = await doFetch(chatCompletionsUrl(settings.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(settings.key ? { authorization: `Bearer ${settings.key}` } : {}) },
    body: JSON.stringify({
      model: settings.model,
      temperature: 0,
      messages: [
        { role: 'system', content: `Summarize the news article in at most ${count} sentences, in ${language}. Reply with the summary only.` },
        { role: 'user', content },
      ],
    }),
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const reply = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
  const text = reply.choices?.[0]?.message?.content;
  if (typeof text !== 'string') throw new Error('the reply had no choices[0].message.content');
  return text;
}

function chatCompletionsUrl(url: string): string {
  return /\/chat\/completions\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/chat/completions`;
}

function describe(error: unknown, settings: LlmSettings): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `timed out after ${settings.timeoutMs} ms`;
  if (error instanceof SyntaxError) return 'the reply was not JSON';
  return error instanceof Error ? error.message : String(error);
}

/** The key, and any credentials in URLs (fetch's error for a URL with a user and password quotes it whole). */
function redact(message: string, key: string | undefined): string {
  return scrubSecrets(key ? message.split(key).join('***') : message);
}
