import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTaxonomy } from '../../src/corpus/load.ts';
import { CorpusHolder } from '../../src/index/corpus-holder.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { SnapshotFile } from '../../src/index/snapshot/format.ts';
import { FolderSource } from '../../src/sources/folder-source.ts';
import { corpusDir, frontMatter, sharedCorpus, sharedPresent } from '../corpus/helpers.ts';
import { until } from '../support/until.ts';

// What the CLI opens (lazyText and lazyArticles: articles made when first asked for) and what the bot opens
// (warmInBackground: as lazily, then everything restored in slices after the open).

type Mode = 'at once' | 'lazy' | 'background';

async function open(dirs: string[], dir: string, mode: Mode): Promise<{ holder: CorpusHolder; log: string[] }> {
  const log: string[] = [];
  const snapshot = { dir, log: (line: string) => log.push(line), ...(mode === 'lazy' && { lazyText: true, lazyArticles: true }), ...(mode === 'background' && { warmInBackground: true }) };
  const holder = await CorpusHolder.open(dirs.map((d) => new FolderSource(d)), { taxonomy: await defaultTaxonomy(), snapshot });
  return { holder, log };
}

/** Every lookup a command makes, before anything reads the whole list; then the whole list. */
function answers(index: CorpusIndex, ids: string[]): string {
  const topics = index.topics().slice(0, 8).map((topic) => topic.name);
  return JSON.stringify({
    size: index.size,
    get: ids.map((id) => index.get(id) ?? null),
    byTopic: topics.map((topic) => index.byTopic(topic, { limit: 15 })),
    inLanguage: topics.map((topic) => [index.byTopic(topic, { limit: 5, language: 'vi' }), index.byTopic(topic, { limit: 5, language: 'en' })]),
    search: ['thị trường', 'dien toan dam may', 'microsoft', 'release wave', 'bóng đá'].map((q) => index.search(q, { limit: 12 })),
    filtered: topics.map((topic) => index.search('the', { limit: 5, topic, language: 'en' })),
    unknownLanguage: index.byTopic(topics[0]!, { language: 'xx' }),
    titles: [index.suggestTitles('micro'), index.suggestTitles('Thị')],
    hottest: index.hottest({ limit: 20, minHeat: 10 }),
    articles: index.articles,
  });
}

const snapshotDir = () => mkdtempSync(join(tmpdir(), 'newsbot-snapshot-lazy-'));

describe('corpus snapshot opened lazily (the CLI)', () => {
  it('readies the index for changes in the background for the bot, not for a read-only caller (a CLI call exits at once)', async () => {
    const corpus = corpusDir({ 'a.md': frontMatter('title: Microsoft ships\nheat: 40\ntopics: [AI]', 'Microsoft shipped it.'), 'b.md': frontMatter('title: Markets fall\nheat: 30', 'Markets fell.') });
    const dir = snapshotDir();
    const taxonomy = await defaultTaxonomy();
    await CorpusHolder.open([new FolderSource(corpus)], { taxonomy, snapshot: { dir, log: () => undefined } });
    const prepare = vi.spyOn(CorpusIndex.prototype, 'prepareForChanges');
    try {
      const cli = await CorpusHolder.open([new FolderSource(corpus)], { taxonomy, readOnly: true, snapshot: { dir, log: () => undefined, lazyText: true, lazyArticles: true } });
      await cli.prepared();
      expect(prepare).not.toHaveBeenCalled();
      expect(cli.current.search('microsoft').map((article) => article.title)).toEqual(['Microsoft ships']);
      const bot = await CorpusHolder.open([new FolderSource(corpus)], { taxonomy, snapshot: { dir, log: () => undefined } });
      await bot.prepared();
      expect(prepare).toHaveBeenCalledTimes(1);
    } finally {
      prepare.mockRestore();
    }
  });

  it.skipIf(!sharedPresent)('answers every lookup as a fresh build does, stories shared across sections of rows', async () => {
    const dirs = [join(sharedCorpus, 'en'), join(sharedCorpus, 'vi')];
    const fresh = await CorpusHolder.open(dirs.map((d) => new FolderSource(d)), { taxonomy: await defaultTaxonomy() });
    const all = fresh.current.articles;
    expect(all.length).toBeGreaterThan(1000);
    const ids = [all[0]!.id, all[700]!.id, all.at(-1)!.id, 'no-such-id'];
    const dir = snapshotDir();
    await open(dirs, dir, 'at once');
    const expected = answers(fresh.current, ids);
    const lazy = await open(dirs, dir, 'lazy');
    expect(lazy.log).toEqual([]);
    expect(answers(lazy.holder.current, ids)).toBe(expected);
    // Asked at once, and again once the background restore is done: it finishes with no command asking.
    const background = await open(dirs, dir, 'background');
    expect(answers(background.holder.current, ids)).toBe(expected);
    const warm = await open(dirs, dir, 'background');
    const done = /^corpus snapshot: (\d+) articles and their text index restored in the background in \d+ ms$/;
    const said = await until(() => warm.log.find((line) => done.test(line)), { what: 'the background restore' });
    expect(Number(done.exec(said)![1])).toBe(all.length);
    expect(answers(warm.holder.current, ids)).toBe(expected);
    expect([...background.log, ...warm.log].filter((line) => !done.test(line))).toEqual([]);
    expect(lazy.log).toEqual([]); // opened lazily (the CLI), nothing is restored unasked, even by now
    // One story object for all its members, wherever their rows are.
    const restored = lazy.holder.current.articles;
    const told = restored.filter((article) => article.story);
    const spread = told.find((article) => told.some((other) => other.story!.id === article.story!.id && Math.abs(restored.indexOf(other) - restored.indexOf(article)) > 256));
    expect(spread).toBeDefined();
    for (const article of told.filter((other) => other.story!.id === spread!.story!.id)) expect(article.story).toBe(spread!.story);
  });

  it('is rebuilt at open when a section of rows it has not made yet is damaged, and answers the same', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) {
      const topic = ['AI', 'Sports', 'Markets'][i % 3];
      files[`${String(i).padStart(3, '0')}.md`] = frontMatter(`title: Report ${i} on ${topic}\nheat: ${i % 97}\ntopics: [${topic}]\npublishedAt: 2024-03-01`, `Report ${i} says ${topic} moved today, and people talked about it at length.`);
    }
    const corpus = corpusDir(files);
    const dir = snapshotDir();
    const built = (await open([corpus], dir, 'at once')).holder.current;
    const ids = [built.articles[300]!.id, built.articles[599]!.id];
    const expected = answers(built, ids);
    expect((await open([corpus], dir, 'lazy')).log).toEqual([]);

    const path = join(dir, readdirSync(dir).find((name) => name.endsWith('.snapshot'))!);
    const file = SnapshotFile.open(path);
    const rows = file.header.sections['rows:2']!;
    file.close();
    const bytes = readFileSync(path);
    bytes[rows.offset + 10] = bytes[rows.offset + 10]! ^ 0xff;
    writeFileSync(path, bytes);
    const damaged = await open([corpus], dir, 'lazy');
    expect(damaged.log).toEqual([expect.stringMatching(/^corpus snapshot: corrupt \(section rows:2: checksum mismatch\); removed .*, rebuilding it from the sources$/)]);
    expect(answers(damaged.holder.current, ids)).toBe(expected);
    expect((await open([corpus], dir, 'lazy')).log).toEqual([]);
  });

  it('reads the ids and folds the titles from the articles when their snapshot copies are damaged', async () => {
    const corpus = corpusDir({ 'a.md': frontMatter('title: Microsoft ships\nheat: 40\ntopics: [AI]', 'Microsoft shipped it.'), 'b.md': frontMatter('title: Markets fall\nheat: 30\ntopics: [Markets]', 'Markets fell.') });
    const dir = snapshotDir();
    const built = (await open([corpus], dir, 'at once')).holder.current;
    const ids = built.articles.map((article) => article.id);
    const expected = answers(built, ids);
    for (const [part, instead] of [['ids', 'the ids are read from the articles'], ['titleKeys', 'the titles are folded from the articles']] as const) {
      const path = join(dir, readdirSync(dir).find((name) => name.endsWith('.snapshot'))!);
      const file = SnapshotFile.open(path);
      const blob = file.header.blobs[file.section<Record<string, { as: number[] }>>('index')[part]!.as[0]!]!;
      file.close();
      const bytes = readFileSync(path);
      bytes[blob.offset] = bytes[blob.offset]! ^ 0xff;
      writeFileSync(path, bytes);
      const damaged = await open([corpus], dir, 'lazy');
      expect(damaged.log).toEqual([]);
      expect(answers(damaged.holder.current, ids)).toBe(expected);
      expect(damaged.log).toEqual([expect.stringMatching(new RegExp(`^corpus snapshot: corrupt \\(index data checksum mismatch\\); ${instead}; removed`))]);
      await open([corpus], dir, 'lazy');
    }
  });
});
