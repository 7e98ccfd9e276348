// Every `newsbot` subcommand, in the order `newsbot --help` lists them. Modules load only when their
// command runs, so `newsbot search` does not pay for discord.js and the playground.
import type { CliCommand } from './command.ts';

export interface CliEntry {
  /** Words that select it: ['corpus', 'check'], ['news']. */
  path: string[];
  summary: string;
  load: () => Promise<CliCommand>;
}

export const commands: CliEntry[] = [
  {
    path: ['start'],
    summary: 'run the bot on Discord (DISCORD_TOKEN), or without a token the local playground, until stopped',
    load: async () => (await import('./start.ts')).start,
  },
  {
    path: ['deploy-commands'],
    summary: 'register the slash commands with Discord (or --print them)',
    load: async () => (await import('./deploy-commands.ts')).deployCommandsCli,
  },
  {
    path: ['summary'],
    summary: 'summarize an article, brief a topic, or summarize the whole corpus (offline)',
    load: async () => (await import('./summary.ts')).summaryCommand,
  },
  {
    path: ['corpus', 'check'],
    summary: 'load the corpus and report loaded, skipped (with reasons), duplicates, languages and topics',
    load: async () => (await import('./corpus-check.ts')).corpusCheck,
  },
  {
    path: ['corpus', 'diff'],
    summary: 'compare two corpora: added, updated and removed article ids (what a reseed would report)',
    load: async () => (await import('./corpus-diff.ts')).corpusDiff,
  },
  { path: ['news'], summary: 'hottest articles under a topic', load: async () => (await import('./news.ts')).news },
  {
    path: ['search'],
    summary: 'full-text search (accent-insensitive, prefix-aware), best match first',
    load: async () => (await import('./search.ts')).search,
  },
  { path: ['show'], summary: 'one article by id, with every field', load: async () => (await import('./show.ts')).show },
  {
    path: ['sources', 'check'],
    summary: 'fetch each feed of SOURCES_FILE once and report status and items (writes nothing)',
    load: async () => (await import('./sources.ts')).sourcesCheck,
  },
  {
    path: ['sources', 'fetch'],
    summary: 'fetch the feeds of SOURCES_FILE and store their articles, as the bot does',
    load: async () => (await import('./sources.ts')).sourcesFetch,
  },
];
