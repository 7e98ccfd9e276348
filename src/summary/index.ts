// The summary layer's public API: one-article summaries, topic briefings, the optional LLM summarizer.
export { summarizeArticle, type ArticleSummary, type SummaryOptions } from './article.ts';
export { briefTopic, renderBriefing, type TopicBriefing, type BriefingBullet, type BriefingReference, type BriefingOptions } from './briefing.ts';
export { summarizeWithLlm, type LlmSettings, type LlmSummary } from './llm.ts';
