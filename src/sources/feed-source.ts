// A feed as a corpus source: its articles are the ones persisted by whichever process fetched it
// (feed-poller.ts), so every process serves the same items and a restart reads them back without fetching.
import type { FeedConfig } from './feed-config.ts';
import type { FeedStates } from './feed-state.ts';
import type { ArticleSource, SourceLoad } from './source.ts';

export const feedSourceId = (name: string): string => `feed:${name}`;

export class FeedSource implements ArticleSource {
  readonly id: string;
  readonly feed: FeedConfig;
  readonly #states: FeedStates;

  constructor(feed: FeedConfig, states: FeedStates) {
    this.feed = feed;
    this.id = feedSourceId(feed.name);
    this.#states = states;
  }

  describe(): string {
    return `${this.feed.name} (${this.feed.url})`;
  }

  async load(): Promise<SourceLoad> {
    const state = await this.#states.get(this.feed.name);
    return { articles: state?.articles ?? [], skipped: [], warnings: [] };
  }
}
