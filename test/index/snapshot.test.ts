import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/types.ts';
import { defaultTaxonomy } from '../../src/corpus/load.ts';
import { CorpusHolder, type HolderOptions } from '../../src/index/corpus-holder.ts';
import type { CorpusIndex } from '../../src/index/corpus-index.ts';
import { diffArticles } from '../../src/index/diff.ts';
import { SnapshotFile } from '../../src/index/snapshot/format.ts';
import type { ArticleSource } from '../../src/sources/source.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import { corpusDir, frontMatter, sharedCorpus, sharedPresent } from '../corpus/helpers.ts';

/** A holder opened with a snapshot folder, and the log lines it wrote. */
async function open(sources: ArticleSource[], dir: string): Promise<{ holder: CorpusHolder; log: string[] }> {
  return openWith(sources, dir, {});
}

async function openWith(sources: ArticleSource[], dir: string, options: Pick<HolderOptions, 'merge'>): Promise<{ holder: CorpusHolder; log: string[] }> {
  const log: string[] = [];
  const holder = await CorpusHolder.open(sources, { ...options, taxonomy: await defaultTaxonomy(), snapshot: { dir, log: (line) => log.push(line) } });
  return { holder, log };
}

function snapshotDir(): string {
  return mkdtempSync(join(tmpdir(), 'newsbot-snapshot-'));
}

function snapshotFile(dir: string): string {
  const files = readdirSync(dir).filter((name) => name.endsWith('.snapshot'));
  expect(files).toHaveLength(1);
  return join(dir, files[0]!);
}

/** What a user can see of an index: every query kind, articles as JSON (bodies included). */
function answers(index: CorpusIndex): string {
  const queries = ['chứng khoán', 'dien toan dam may', 'microsoft power apps', 'thị trường', 'AI', 'bóng đá', 'th', 'release wave'];
  return JSON.stringify({
    articles: index.articles,
    topics: index.topics(),
    search: queries.map((q) => index.search(q, { limit: 20 })),
    vietnamese: queries.map((q) => index.search(q, { limit: 5, language: 'vi' })),
    byTopic: index.topics().slice(0, 10).map((t) => index.byTopic(t.name, { limit: 20 })),
    hottest: index.hottest({ limit: 30, minHeat: 20 }),
    suggest: [index.suggestTopics('c'), index.suggestTitles('micro'), index.suggestTitles('Thị')],
  });
}

const folders = (dirs: string[]) => dirs.map((dir) => new FolderSource(dir));
const story = (title: string, body = `${title} happened today, and people talked about it at length.`) =>
  frontMatter(`title: ${title}\nheat: 40\noriginalUrl: https://example.com/${encodeURIComponent(title)}\npublishedAt: 2024-03-01`, body);

describe('corpus snapshot', () => {
  it.skipIf(!sharedPresent)('restores the shared corpora with the same answers as a fresh build, bodies read from the file', async () => {
    const dirs = [join(sharedCorpus, 'en'), join(sharedCorpus, 'vi')];
    const dir = snapshotDir();
    const fresh = await CorpusHolder.open(folders(dirs), { taxonomy: await defaultTaxonomy() });
    const first = await open(folders(dirs), dir);
    expect(first.log).toEqual([expect.stringMatching(/^corpus snapshot: none yet at .*; building it$/)]);
    const second = await open(folders(dirs), dir);
    expect(second.log).toEqual([]);
    expect(answers(second.holder.current)).toBe(answers(fresh.current));
    // A restored body is a getter over the snapshot file, and survives a spread.
    const withBody = second.holder.current.articles.find((article) => article.body !== '')!;
    expect(Object.getOwnPropertyDescriptor(withBody, 'body')?.get).toBeTypeOf('function');
    expect({ ...withBody }.body).toBe(fresh.current.get(withBody.id)!.body);
    expect(second.holder.fingerprint(`folder:${dirs[1]}`)).toBe(fresh.fingerprint(`folder:${dirs[1]}`));
  });

  it('is restored when files changed since, and the difference applied: a touched file is no change, an added one comes, a removed one goes', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha'), 'b.md': story('Bravo'), 'c.md': story('Charlie') });
    const dir = snapshotDir();
    await open(folders([corpus]), dir);
    expect((await open(folders([corpus]), dir)).log).toEqual([]);
    const applied = (counts: string) => [expect.stringMatching(`^corpus snapshot: restored .*; applied what changed since in folder:${corpus}: ${counts}$`)];
    // Merges wait (large thresholds): each start applies what changed to the snapshot written first.
    const later = (sources: ArticleSource[]) => openWith(sources, dir, { merge: { mergeArticles: 100, mergeShare: 1 } });

    const time = new Date(Date.now() + 5000);
    utimesSync(join(corpus, 'a.md'), time, time);
    expect((await later(folders([corpus]))).log).toEqual(applied('0 added, 0 updated, 0 removed'));

    writeFileSync(join(corpus, 'd.md'), story('Delta'));
    const added = await later(folders([corpus]));
    expect(added.log).toEqual(applied('1 added, 0 updated, 0 removed'));
    expect(added.holder.current.articles.map((a) => a.title).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(added.holder.current.search('Delta').map((a) => a.title)).toEqual(['Delta']);

    rmSync(join(corpus, 'b.md'));
    writeFileSync(join(corpus, 'c.md'), story('Charlie', 'Charlie, told again with a new body about tides.'));
    const removed = await later(folders([corpus]));
    expect(removed.log).toEqual(applied('1 added, 1 updated, 1 removed'));
    expect(removed.holder.current.articles.map((a) => a.title).sort()).toEqual(['Alpha', 'Charlie', 'Delta']);
    expect(removed.holder.current.search('tides').map((a) => a.title)).toEqual(['Charlie']);
    const fresh = await CorpusHolder.open(folders([corpus]), { taxonomy: await defaultTaxonomy() });
    expect(answers(removed.holder.current)).toBe(answers(fresh.current));
    expect(removed.holder.fingerprint(`folder:${corpus}`)).toBe(fresh.fingerprint(`folder:${corpus}`));
    // With the default thresholds the changes (3 of 3 articles) are merged and saved: the next start restores them as they are.
    const merged = await open(folders([corpus]), dir);
    await merged.holder.idle();
    const again = await open(folders([corpus]), dir);
    expect(again.log).toEqual([]);
    expect(answers(again.holder.current)).toBe(answers(fresh.current));
  });

  it('is rebuilt when a folder changed too much to apply file by file', async () => {
    const files = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`s${i}.md`, story(`Story number ${i}`)]));
    const corpus = corpusDir(files);
    const dir = snapshotDir();
    await open(folders([corpus]), dir);
    for (let i = 0; i < 110; i++) writeFileSync(join(corpus, `s${i}.md`), story(`Story number ${i}`, `Rewritten body ${i} of the story.`));
    const changed = await open(folders([corpus]), dir);
    expect(changed.log).toEqual([expect.stringMatching(`^corpus snapshot: stale \\(changed: folder:${corpus}, too many files to apply one by one\\); rebuilding`)]);
    expect(changed.holder.current.search('Rewritten body 7').map((a) => a.title)[0]).toBe('Story number 7');
  });

  it('compares a source without a stamp by its articles', async () => {
    const dir = snapshotDir();
    const feed = (title: string): ArticleSource => ({
      id: 'feed:test',
      describe: () => 'test feed',
      load: async () => ({ articles: [item(title)], skipped: [], warnings: [] }),
    });
    await open([feed('One')], dir);
    expect((await open([feed('One')], dir)).log).toEqual([]);
    const changed = await open([feed('Two')], dir);
    expect(changed.log).toEqual([expect.stringMatching(/^corpus snapshot: restored .*; applied what changed since in feed:test: 1 added, 0 updated, 1 removed$/)]);
    expect(changed.holder.fingerprint('feed:test')).toBe((await CorpusHolder.open([feed('Two')])).fingerprint('feed:test'));
    expect(changed.holder.current.articles.map((a) => a.title)).toEqual(['Two']);
  });

  it('is rebuilt when truncated or when a byte of its index flips, saying so, and answers the same', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha'), 'b.md': story('Bravo rises', 'Bravo rises again, with a longer body about markets.') });
    const dir = snapshotDir();
    const built = answers((await open(folders([corpus]), dir)).holder.current);
    const path = snapshotFile(dir);

    truncateSync(path, statSync(path).size - 10);
    const truncated = await open(folders([corpus]), dir);
    expect(truncated.log[0]).toMatch(/^corpus snapshot: unreadable \(no snapshot trailer .*\); removed .*, rebuilding it from the sources$/);
    expect(answers(truncated.holder.current)).toBe(built);
    expect((await open(folders([corpus]), dir)).log).toEqual([]);

    const bytes = readFileSync(path);
    const file = SnapshotFile.open(path);
    const postings = file.header.blobs.reduce((largest, entry) => (entry.length > largest.length ? entry : largest));
    const flipAt = postings.offset + Math.floor(postings.length / 2);
    file.close();
    bytes[flipAt] = bytes[flipAt]! ^ 0xff;
    writeFileSync(path, bytes);
    const flipped = await open(folders([corpus]), dir);
    expect(flipped.log[0]).toMatch(/^corpus snapshot: corrupt \(index data checksum mismatch\); removed/);
    expect(answers(flipped.holder.current)).toBe(built);
    expect((await open(folders([corpus]), dir)).log).toEqual([]);
  });

  it('restores the text index when first searched with lazyText, rebuilding it from the articles when damaged', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha markets'), 'b.md': story('Bravo weather') });
    const dir = snapshotDir();
    const built = answers((await open(folders([corpus]), dir)).holder.current);
    const lazily = async () => {
      const log: string[] = [];
      const holder = await CorpusHolder.open(folders([corpus]), { taxonomy: await defaultTaxonomy(), snapshot: { dir, log: (line) => log.push(line), lazyText: true } });
      return { holder, log };
    };
    const lazy = await lazily();
    expect(answers(lazy.holder.current)).toBe(built);
    const path = snapshotFile(dir);
    const bytes = readFileSync(path);
    const file = SnapshotFile.open(path);
    const postings = file.header.blobs.reduce((largest, entry) => (entry.length > largest.length ? entry : largest));
    file.close();
    bytes[postings.offset] = bytes[postings.offset]! ^ 0xff;
    writeFileSync(path, bytes);
    const damaged = await lazily();
    expect(damaged.log).toEqual([]);
    expect(answers(damaged.holder.current)).toBe(built);
    expect(damaged.log).toEqual([expect.stringMatching(/^corpus snapshot: corrupt \(index data checksum mismatch\); the text index is built from the articles; removed/)]);
  });

  it('reads a body whose snapshot copy is damaged from its file, and drops the snapshot', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha', 'The alpha body, kept in the snapshot file.') });
    const dir = snapshotDir();
    await open(folders([corpus]), dir);
    const path = snapshotFile(dir);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('alpha body');
    bytes[at] = 'A'.charCodeAt(0);
    writeFileSync(path, bytes);
    const { holder, log } = await open(folders([corpus]), dir);
    expect(log).toEqual([]);
    expect(holder.current.articles[0]!.body).toBe('The alpha body, kept in the snapshot file.');
    expect(log).toEqual([expect.stringMatching(/^corpus snapshot: corrupt \(checksum mismatch at byte \d+\); its bodies are read from the source files until then; removed/)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('saves the merge of a reload, so the next start restores the reloaded corpus', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha') });
    const dir = snapshotDir();
    const { holder } = await open(folders([corpus]), dir);
    writeFileSync(join(corpus, 'b.md'), story('Bravo'));
    const result = await holder.reload();
    expect(result.added).toHaveLength(1);
    await holder.idle();
    const next = await open(folders([corpus]), dir);
    expect(next.log).toEqual([]);
    expect(next.holder.current.articles.map((a) => a.title).sort()).toEqual(['Alpha', 'Bravo']);
    // A restored holder reloads one source while the others' articles come from the snapshot.
    const other = corpusDir({ 'x.md': story('Xray') });
    const two = await open(folders([corpus, other]), dir);
    const restored = await open(folders([corpus, other]), dir);
    expect(restored.log).toEqual([]);
    writeFileSync(join(other, 'y.md'), story('Yankee'));
    await restored.holder.reload([`folder:${other}`]);
    await restored.holder.idle();
    expect(restored.holder.current.articles.map((a) => a.title).sort()).toEqual(['Alpha', 'Bravo', 'Xray', 'Yankee']);
    expect(two.holder.current.articles).toHaveLength(3);
  });

  it('reloads on a worker thread: same answers and diff as a fresh build; a failed load keeps the old corpus', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha'), 'b.md': story('Bravo') });
    const dir = snapshotDir();
    const { holder, log } = await open(folders([corpus]), dir);
    const before = holder.current.articles.map((a) => a.id).sort();
    rmSync(join(corpus, 'a.md'));
    writeFileSync(join(corpus, 'b.md'), story('Bravo', 'Bravo, told again with a new body.'));
    writeFileSync(join(corpus, 'c.md'), story('Charlie'));
    const result = await holder.reload();
    const fresh = await CorpusHolder.open(folders([corpus]), { taxonomy: await defaultTaxonomy() });
    expect(answers(holder.current)).toBe(answers(fresh.current));
    const ids = (title: string) => fresh.current.articles.filter((a) => a.title === title).map((a) => a.id);
    expect(result).toMatchObject({ added: ids('Charlie'), updated: ids('Bravo'), removed: before.filter((id) => !fresh.current.get(id)) });
    expect(log).toHaveLength(1);

    await holder.idle();
    const serving = holder.current;
    rmSync(corpus, { recursive: true });
    await expect(holder.reload()).rejects.toThrow(/corpus directory does not exist/);
    expect(holder.current).toBe(serving);
  });

  it('diffs a full reload as the articles differ: a renamed file is no change, a new heat is; an article in two folders as composed', async () => {
    const one = corpusDir({ 'a.md': story('Alpha'), 'b.md': story('Bravo') });
    const two = corpusDir({ 'c.md': story('Charlie') });
    const { holder } = await open(folders([one, two]), snapshotDir());
    const reloadFull = async (change: () => void) => {
      const before = holder.current.articles;
      change();
      const result = await holder.reload(undefined, { full: true });
      expect(result).toMatchObject(diffArticles(before, holder.current.articles));
      return result;
    };
    const id = (title: string) => holder.current.articles.find((a) => a.title === title)!.id;
    const first = await reloadFull(() => {
      renameSync(join(one, 'a.md'), join(one, 'a2.md'));
      writeFileSync(join(one, 'b.md'), story('Bravo').replace('heat: 40', 'heat: 70'));
      writeFileSync(join(two, 'd.md'), story('Delta'));
    });
    expect(first).toMatchObject({ added: [id('Delta')], updated: [id('Bravo')], removed: [] });
    // Alpha in both folders, the second's with another body: compared as the corpus holds it (composed).
    const second = await reloadFull(() => writeFileSync(join(two, 'a.md'), story('Alpha', 'Alpha, as the second folder tells it.')));
    expect(second.added).toEqual([]);
  });

  it('merges on the worker, loading the folders again and diffing in slices, when another process replaced the snapshot it serves', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha') });
    const dir = snapshotDir();
    const { holder, log } = await open(folders([corpus]), dir);
    writeFileSync(join(corpus, 'b.md'), story('Bravo'));
    await (await open(folders([corpus]), dir)).holder.idle();
    writeFileSync(join(corpus, 'c.md'), story('Charlie'));
    const result = await holder.reload();
    expect(log).toHaveLength(1);
    expect(holder.current.articles.map((a) => a.title).sort()).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(result.added).toEqual(holder.current.articles.filter((a) => a.title !== 'Alpha').map((a) => a.id).sort());
    await holder.idle();
    expect((await open(folders([corpus]), dir)).log).toEqual([]);
  });

  it('keeps the 8 most recent snapshots in the folder', async () => {
    const dir = snapshotDir();
    const corpora = Array.from({ length: 10 }, (_, i) => corpusDir({ 'a.md': story(`Story ${i}`) }));
    for (const corpus of corpora) await open(folders([corpus]), dir);
    expect(readdirSync(dir)).toHaveLength(8);
    expect((await open(folders([corpora[9]!]), dir)).log).toEqual([]);
    expect((await open(folders([corpora[0]!]), dir)).log).toEqual([expect.stringMatching(/^corpus snapshot: none yet/)]);
  });

  it('keeps serving when the snapshot folder cannot be written', async () => {
    const corpus = corpusDir({ 'a.md': story('Alpha') });
    const blocker = join(snapshotDir(), 'file');
    writeFileSync(blocker, 'not a folder');
    const { holder, log } = await open(folders([corpus]), join(blocker, 'snapshots'));
    expect(holder.current.articles.map((a) => a.title)).toEqual(['Alpha']);
    expect(log.at(-1)).toMatch(/^corpus snapshot: could not write .*ENOTDIR.*; serving the corpus as built$/);
  });
});

function item(title: string): Article {
  return {
    id: title.toLowerCase(), title, excerpt: '', body: `${title} body`, url: null, publishedAt: null, provider: { name: 'Feed', domain: null },
    topics: [], topicScores: {}, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: 'feed:test',
  };
}
