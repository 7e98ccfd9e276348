// `newsbot sources check` and `newsbot sources fetch`: the feed sources of SOURCES_FILE, fetched once.
// check writes nothing; fetch persists like the bot (conditional GET, the store of KEYV_URL / DATA_DIR) and
// records the change, so a running bot sharing the store serves the new articles within 30 s.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import { readTaxonomy, taxonomyFiles, type Taxonomy } from '../corpus/taxonomy.ts';
import { CorpusSync } from '../delivery/corpus-sync.ts';
import { CorpusHolder } from '../index/corpus-holder.ts';
import { readSourcesFile, SourcesFileError, type FeedConfig } from '../sources/feed-config.ts';
import { feedArticles } from '../sources/feed-items.ts';
import { changedSources, FeedPoller } from '../sources/feed-poller.ts';
import { FeedSource } from '../sources/feed-source.ts';
import { FeedStates } from '../sources/feed-state.ts';
import { safeFetch } from '../sources/safe-fetch.ts';
import { openStore, type Store } from '../storage/open-store.ts';
import type { Article } from '../types.ts';
import { CliError, configFrom, type CliCommand, type CliContext } from './command.ts';

const FILE_OPTION = { file: { type: 'string', short: 'f' } } as const;

interface Setup {
  config: Config;
  feeds: FeedConfig[];
  taxonomy: Taxonomy;
}

async function setup(ctx: CliContext): Promise<Setup> {
  const config = configFrom(ctx.io.env);
  const file = typeof ctx.values.file === 'string' ? resolve(ctx.io.cwd, ctx.values.file) : config.sourcesFile && resolve(ctx.io.cwd, config.sourcesFile);
  if (!file) throw new CliError('no sources file: set SOURCES_FILE or pass --file sources.yaml (docs/sources.md)');
  try {
    const feeds = (await readSourcesFile(file)).filter((feed) => feed.enabled);
    return { config, feeds, taxonomy: await readTaxonomy(taxonomyFiles(ctx.io.env)) };
  } catch (error) {
    if (error instanceof SourcesFileError) throw new CliError(error.message);
    throw error;
  }
}

export const sourcesCheck: CliCommand = {
  help: [
    'Usage: newsbot sources check [--file sources.yaml] [--json]',
    '',
    'Fetches every enabled source of SOURCES_FILE (or --file) once and parses it; writes nothing.',
    'SOURCES_ALLOW_PRIVATE=true allows feeds on private or loopback addresses.',
    'JSON: {"sources": [{name, url, ok, status, items, error}]}. Exit 1 when a source failed.',
  ].join('\n'),
  options: FILE_OPTION,
  run: async (ctx) => {
    const { config, feeds, taxonomy } = await setup(ctx);
    const sources = await Promise.all(
      feeds.map(async (feed) => {
        let status: number | null = null;
        try {
          const response = await safeFetch(feed.url, { allowPrivate: config.sourcesAllowPrivate });
          status = response.status;
          const items = 'body' in response ? feedArticles(response.body, { name: feed.name, url: response.url, language: feed.language, topics: feed.topics }, taxonomy).articles.length : 0;
          return { name: feed.name, url: feed.url, ok: true, status, items, error: null };
        } catch (error) {
          return { name: feed.name, url: feed.url, ok: false, status: (error as { status?: number }).status ?? status, items: 0, error: (error as Error).message };
        }
      }),
    );
    ctx.emit({ sources }, (data) => data.sources.map((s) => `${s.ok ? 'ok    ' : 'FAILED'}  ${s.name}  ${s.url}  ${s.ok ? `${s.items} items` : s.error}`).join('\n') || '(no enabled sources)');
    return sources.every((s) => s.ok) ? 0 : 1;
  },
};

export const sourcesFetch: CliCommand = {
  help: [
    'Usage: newsbot sources fetch [--file sources.yaml] [--json]',
    '',
    'Fetches every enabled source now, as the bot does (conditional GET), and persists the articles in the',
    'store (KEYV_URL, else SQLite under DATA_DIR); a running bot sharing the store picks them up.',
    'JSON: {"sources": [{name, ok, new, updated, items, error}], "articles": persisted feed articles}. Exit 1 when a source failed.',
  ].join('\n'),
  options: FILE_OPTION,
  run: async (ctx) => {
    const { config, feeds, taxonomy } = await setup(ctx);
    const store = await openStore(config.keyvUrl, resolve(ctx.io.cwd, config.dataDir));
    try {
      const states = new FeedStates(store.namespace('sources'));
      const owner = `cli-${process.pid}`;
      const poller = new FeedPoller({ feeds, states, claims: store.claims, owner, taxonomy, fetch: { allowPrivate: config.sourcesAllowPrivate } });
      const outcomes = await poller.poll({ force: true });
      const changed = changedSources(outcomes);
      const corpus = await CorpusHolder.open(feeds.map((feed) => new FeedSource(feed, states)), { taxonomy });
      // Recorded like a bot's fetch: the fingerprints tell running bots which feeds to reload.
      if (changed) await new CorpusSync({ meta: store.namespace('meta'), corpus, owner }).reload(changed.ids, changed.reason);
      const byName = new Map(outcomes.map((o) => [o.name, o]));
      const sources = feeds.map((feed) => {
        const o = byName.get(feed.name)!;
        return { name: o.name, ok: o.ok, new: o.new, updated: o.updated, items: o.items, error: o.error ?? null };
      });
      const articles = corpus.current.size;
      ctx.emit({ sources, articles }, (data) =>
        [...data.sources.map((s) => `${s.ok ? 'ok    ' : 'FAILED'}  ${s.name}  ${s.ok ? `${s.new} new, ${s.updated} updated, ${s.items} items` : s.error}`), `${data.articles} feed articles stored`].join('\n'),
      );
      return sources.every((s) => s.ok) ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};

/**
 * The feed articles persisted by the bot or `sources fetch`, for the corpus commands; none without
 * SOURCES_FILE, or when the default SQLite store was never created (no side effect on a fresh checkout).
 */
export async function persistedFeedArticles(ctx: CliContext): Promise<Article[]> {
  if (!ctx.io.env.SOURCES_FILE?.trim()) return [];
  const { config, feeds } = await setup(ctx);
  const dataDir = resolve(ctx.io.cwd, config.dataDir);
  if (!config.keyvUrl && !existsSync(join(dataDir, 'newsbot.sqlite'))) return [];
  let store: Store | undefined;
  try {
    store = await openStore(config.keyvUrl, dataDir);
    const states = await new FeedStates(store.namespace('sources')).getMany(feeds.map((feed) => feed.name));
    return mergeDuplicates(states.flatMap((state) => state?.articles ?? [])).articles;
  } finally {
    await store?.close();
  }
}
