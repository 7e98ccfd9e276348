// Live changes are applied as changes: a watched folder's new, edited and removed files, an article whose id
// moves between files, copies of one article in several files or sources, a feed's new and expired items —
// each reaches search and the topic list as a fresh load of the same files would show it.
import { readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listFileStamps } from '../../src/corpus/files-stamp.ts';
import { defaultTaxonomy } from '../../src/corpus/load.ts';
import { CorpusHolder, type ReloadResult } from '../../src/index/corpus-holder.ts';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { feedArticles } from '../../src/sources/feed-items.ts';
import { FeedSource } from '../../src/sources/feed-source.ts';
import { FeedStates } from '../../src/sources/feed-state.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import type { ArticleSource } from '../../src/sources/source.ts';
import { openStore, type Store } from '../../src/storage/open-store.ts';
import { eventually, markdown, removeTempDirs, tempDir } from './support.ts';

const FAST = { debounceMs: 150, settleMs: 100 };
const stops: (() => void)[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const store of stores.splice(0)) await store.close();
  removeTempDirs();
});

/** An article at https://news.example/<url> with this title and body. */
const article = (url: string, title: string, body: string, heat = 50, topic = 'AI') =>
  `---\ntitle: ${title}\nheat: ${heat}\ntopics: [${topic}]\noriginalUrl: https://news.example/${url}\npublishedAt: 2024-05-01T08:00:00Z\n---\n${body}\n`;

/** What a reader can see: every article (paths included), the topic list, a search per word given. */
function seen(index: CorpusIndex, words: string[] = []): string {
  return JSON.stringify({ articles: [...index.articles].sort((a, b) => (a.id < b.id ? -1 : 1)), topics: index.topics(), search: words.map((word) => index.search(word)) });
}

async function fresh(sources: ArticleSource[]): Promise<CorpusHolder> {
  return CorpusHolder.open(sources, { taxonomy: await defaultTaxonomy() });
}

describe('a watched folder applies what changed', () => {
  it('a file added is searchable and in the topic list once the watch fires; edited, it says the new text; deleted, it is gone everywhere', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'one.md'), markdown('one', 50));
    const holder = await CorpusHolder.open([new FolderSource(dir, { watch: FAST })]);
    const results: ReloadResult[] = [];
    stops.push(holder.watch((id) => void holder.reload([id]).then((result) => results.push(result))));

    const path = join(dir, 'two.md');
    writeFileSync(path, article('two', 'Rocket lands on a barge', 'The booster came back to the barge at sea.', 60, 'Space'));
    await eventually(() => holder.current.search('barge').length === 1);
    const id = holder.current.search('barge')[0]!.id;
    expect(holder.current.topics().map((topic) => topic.name)).toContain('Space');
    expect(holder.current.byTopic('Space').map((a) => a.title)).toEqual(['Rocket lands on a barge']);
    expect(results.at(-1)).toMatchObject({ added: [id], updated: [], removed: [] });

    writeFileSync(path, article('two', 'Rocket lands on a ship', 'The booster came back to a drone ship.', 60, 'Space'));
    await eventually(() => holder.current.search('drone ship').length === 1);
    expect(holder.current.search('barge')).toEqual([]);
    expect(holder.current.get(id)!.title).toBe('Rocket lands on a ship');
    expect(results.at(-1)).toMatchObject({ added: [], updated: [id], removed: [] });

    rmSync(path);
    await eventually(() => holder.current.get(id) === undefined);
    expect(holder.current.search('drone ship')).toEqual([]);
    expect(holder.current.topics().map((topic) => topic.name)).not.toContain('Space');
    expect(holder.current.byTopic('Space')).toEqual([]);
    expect(results.at(-1)).toMatchObject({ added: [], updated: [], removed: [id] });
    expect(seen(holder.current, ['booster'])).toBe(seen((await fresh([new FolderSource(dir)])).current, ['booster']));
  });

  it('a reseed of an unchanged folder changes nothing and keeps the same index', async () => {
    const dir = tempDir();
    for (const slug of ['a', 'b', 'c']) writeFileSync(join(dir, `${slug}.md`), markdown(slug, 40));
    const holder = await fresh([new FolderSource(dir)]);
    const serving = holder.current;
    expect(await holder.reload()).toMatchObject({ added: [], updated: [], removed: [] });
    expect(holder.current).toBe(serving);
  });

  it('a listing after a change keeps the entries of files not touched and stamps again only the file edited in place', async () => {
    const dir = tempDir();
    for (const slug of ['a', 'b', 'c']) writeFileSync(join(dir, `${slug}.md`), markdown(slug, 40));
    const first = await listFileStamps([dir], 1 << 20);
    const before = first.files;
    // Rewritten in place, same size (a new time): only a stat tells.
    writeFileSync(join(dir, 'b.md'), markdown('b', 41));
    utimesSync(join(dir, 'b.md'), new Date(), new Date(Date.now() + 5000));
    const after = await listFileStamps([dir], 1 << 20, before);
    expect(after.files.map((file) => before.includes(file))).toEqual([true, false, true]);
    expect(after.files[1]).toMatchObject({ path: join(dir, 'b.md'), size: before[1]!.size });
    expect(after.files[1]!.mtimeMs).not.toBe(before[1]!.mtimeMs);
    // The previous entries change what is allocated, never the stamp.
    expect(after.stamp).toBe((await listFileStamps([dir], 1 << 20)).stamp);
    expect(after.stamp).not.toBe(first.stamp);
  });

  it('copies of one article in several files merge as a load merges them, and an id moving between files follows', async () => {
    const dir = tempDir();
    const folder = () => [new FolderSource(dir)];
    writeFileSync(join(dir, 'a.md'), article('x', 'First copy', 'The same story told by a.', 10));
    writeFileSync(join(dir, 'b.md'), article('x', 'Second copy', 'The same story told by b.', 90));
    writeFileSync(join(dir, 'c.md'), article('y', 'Other story', 'A different story entirely.', 30));
    const holder = await fresh(folder());
    const words = ['story', 'copy'];
    const same = async () => expect(seen(holder.current, words)).toBe(seen((await fresh(folder())).current, words));
    const [x] = holder.current.articles.filter((a) => a.title === 'First copy');
    expect(holder.current.articles).toHaveLength(2);

    // a.md now tells story y: x is b's alone, y gains a copy (the first file's fields win: a.md's).
    writeFileSync(join(dir, 'a.md'), article('y', 'Other story, first', 'A different story, told by a.', 70));
    const moved = await holder.reload();
    const y = holder.current.articles.find((a) => a.title === 'Other story, first')!;
    expect(moved).toMatchObject({ added: [], updated: [x!.id, y.id].sort(), removed: [] });
    expect(holder.current.get(x!.id)!.title).toBe('Second copy');
    await same();

    // A rename alone is no change to report, though the article now lives in the new file.
    renameSync(join(dir, 'b.md'), join(dir, 'renamed.md'));
    expect(await holder.reload()).toMatchObject({ added: [], updated: [], removed: [] });
    expect(holder.current.get(x!.id)!.source).toBe(join(dir, 'renamed.md'));
    await same();

    // The last file of x goes: x goes; a copy of y goes: y is c's alone again.
    rmSync(join(dir, 'renamed.md'));
    rmSync(join(dir, 'a.md'));
    expect(await holder.reload()).toMatchObject({ added: [], updated: [y.id], removed: [x!.id] });
    expect(holder.current.get(y.id)!.title).toBe('Other story');
    await same();
  });

  it('a broken file is skipped by path like a load skips it, and becomes an article once fixed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.md'), markdown('ok', 50));
    const holder = await fresh([new FolderSource(dir)]);
    const broken = join(dir, 'broken.md');
    writeFileSync(broken, '---\ntitle: Never closed\n\nbody');
    const result = await holder.reload();
    expect(result).toMatchObject({ added: [], removed: [], skipped: [{ path: broken, reason: expect.stringContaining('never closed') }] });
    expect(holder.skipped()).toEqual((await fresh([new FolderSource(dir)])).skipped());
    writeFileSync(broken, markdown('fixed', 50));
    expect((await holder.reload()).added).toHaveLength(1);
    expect(holder.skipped()).toEqual([]);
    expect(holder.current.articles).toHaveLength(2);
  });

  it('on an id two folders share, the first folder wins; once it drops it, the second one shows', async () => {
    const first = tempDir();
    const second = tempDir();
    writeFileSync(join(first, 'a.md'), article('shared', 'Told by the first folder', 'Shared story, first telling.', 20));
    writeFileSync(join(second, 'a.md'), article('shared', 'Told by the second folder', 'Shared story, second telling.', 80));
    const sources = () => [new FolderSource(first), new FolderSource(second)];
    const holder = await fresh(sources());
    const [shared] = holder.current.articles;
    expect(shared!.title).toBe('Told by the first folder');
    rmSync(join(first, 'a.md'));
    expect(await holder.reload([`folder:${first}`])).toMatchObject({ added: [], updated: [shared!.id], removed: [] });
    expect(holder.current.get(shared!.id)!.title).toBe('Told by the second folder');
    expect(seen(holder.current, ['shared'])).toBe(seen((await fresh(sources())).current, ['shared']));
    expect(holder.fingerprint(`folder:${second}`)).toBe((await fresh(sources())).fingerprint(`folder:${second}`));
  });
});

describe('with a snapshot', () => {
  it('more changes at once than a merge holds are built into the next index on the worker, not indexed one by one on the serving thread', async () => {
    const dir = tempDir();
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `n${i}.md`), article(`n${i}`, `Story number ${i}`, `Body ${i}.`));
    const holder = await CorpusHolder.open([new FolderSource(dir)], { taxonomy: await defaultTaxonomy(), merge: { mergeArticles: 5, mergeShare: 1 }, snapshot: { dir: join(tempDir(), 'snapshots'), log: () => {} } });
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `n${i}.md`), article(`n${i}`, `Story number ${i}`, `Body ${i}, told again.`));
    const result = await holder.reload();
    expect(result.updated).toHaveLength(8);
    // Swapped in already fully built: nothing pending, nothing for a merge to do.
    expect(holder.current.pendingChanges).toBe(0);
    expect(seen(holder.current, ['told'])).toBe(seen((await fresh([new FolderSource(dir)])).current, ['told']));
  });

  it('when the worker cannot build them (snapshot folder gone, a file in its place), the changes are applied here and served', async () => {
    const dir = tempDir();
    const snapshots = join(tempDir(), 'snapshots');
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `n${i}.md`), article(`n${i}`, `Story number ${i}`, `Body ${i}.`));
    const log: string[] = [];
    const holder = await CorpusHolder.open([new FolderSource(dir)], { taxonomy: await defaultTaxonomy(), merge: { mergeArticles: 5, mergeShare: 1 }, snapshot: { dir: snapshots, log: (line) => log.push(line) } });
    rmSync(snapshots, { recursive: true });
    writeFileSync(snapshots, 'not a folder');
    for (let i = 0; i < 8; i++) writeFileSync(join(dir, `n${i}.md`), article(`n${i}`, `Story number ${i}`, `Body ${i}, told again.`));
    const result = await holder.reload();
    expect(result.updated).toHaveLength(8);
    expect(log.at(-1)).toMatch(/^corpus build on the worker failed \(.*\); applying the 16 changes here$/);
    expect(seen(holder.current, ['told'])).toBe(seen((await fresh([new FolderSource(dir)])).current, ['told']));
  });

  it('changes are merged on the worker thread and saved; later changes start from the merged state, and a restart restores it', async () => {
    const dir = tempDir();
    const data = tempDir();
    writeFileSync(join(dir, 'a.md'), article('a', 'Alpha story', 'Alpha body.'));
    writeFileSync(join(dir, 'b.md'), article('b', 'Bravo story', 'Bravo body.'));
    const items = feedArticles(readFileSync(new URL('./fixtures/feed.json', import.meta.url), 'utf8'), { name: 'Markets', url: 'https://markets.example/feed.json' }, await defaultTaxonomy()).articles;
    const feed: ArticleSource = { id: 'feed:test', describe: () => 'test feed', load: async () => ({ articles: items, skipped: [], warnings: [] }) };
    const log: string[] = [];
    const open = async () => CorpusHolder.open([new FolderSource(dir), feed], { taxonomy: await defaultTaxonomy(), snapshot: { dir: join(data, 'snapshots'), log: (line) => log.push(line) } });
    const holder = await open();
    const words = ['story', 'body'];
    const same = async () => expect(seen(holder.current, words)).toBe(seen((await fresh([new FolderSource(dir), feed])).current, words));

    writeFileSync(join(dir, 'c.md'), article('c', 'Charlie story', 'Charlie body.'));
    expect((await holder.reload()).added).toHaveLength(1);
    await holder.idle(); // 1 change in 5 articles: past 5 %, merged on the worker and saved
    await same();
    writeFileSync(join(dir, 'b.md'), article('b', 'Bravo story', 'Bravo body, told again.'));
    rmSync(join(dir, 'a.md'));
    const result = await holder.reload();
    expect(result.updated).toHaveLength(1);
    expect(result.removed).toHaveLength(1);
    await holder.idle();
    await same();
    log.length = 0;
    const restarted = await open();
    expect(log).toEqual([]);
    expect(seen(restarted.current, words)).toBe(seen(holder.current, words));
    expect(restarted.fingerprint(`folder:${dir}`)).toBe(holder.fingerprint(`folder:${dir}`));
  });
});

describe('a feed applies what changed', () => {
  it('new items are added and items expired from the store removed; the others stay as they are', async () => {
    const store = await openStore(undefined, tempDir());
    stores.push(store);
    const states = new FeedStates(store.namespace('sources'));
    const feed = { name: 'Markets', url: 'https://markets.example/feed.json', everyMs: 60_000, topics: [], enabled: true };
    const [gold, stocks] = feedArticles(readFileSync(new URL('./fixtures/feed.json', import.meta.url), 'utf8'), { name: feed.name, url: feed.url }, await defaultTaxonomy()).articles;
    await states.put(feed.name, { url: feed.url, articles: [gold!], items: 1, failures: 0 });
    const dir = tempDir();
    writeFileSync(join(dir, 'local.md'), markdown('local', 50));
    const sources = () => [new FolderSource(dir), new FeedSource(feed, states)];
    const holder = await fresh(sources());
    expect(holder.current.articles.map((a) => a.title).sort()).toEqual(['Gold price climbs', 'Story local']);

    await states.put(feed.name, { url: feed.url, articles: [stocks!], items: 1, failures: 0 });
    const result = await holder.reload(['feed:Markets']);
    expect(result).toMatchObject({ added: [stocks!.id], updated: [], removed: [gold!.id], sources: ['feed:Markets'] });
    expect(holder.current.articles.map((a) => a.title).sort()).toEqual(['Stocks rally', 'Story local']);
    expect(holder.fingerprint('feed:Markets')).toBe((await fresh(sources())).fingerprint('feed:Markets'));
    // Fetched again with nothing new: no change, the same index.
    const serving = holder.current;
    expect(await holder.reload(['feed:Markets'])).toMatchObject({ added: [], updated: [], removed: [] });
    expect(holder.current).toBe(serving);
  });
});
