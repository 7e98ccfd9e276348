// Bodies of a large load kept in a temporary file (src/corpus/body-spill.ts): the articles must read exactly as
// loaded in memory, through every way code reads an article, and copies must not pull the bodies back in.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readlinkSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/types.ts';
import { BodySpill } from '../../src/corpus/body-spill.ts';
import { closeTempFiles, spillFolder } from '../../src/storage/temp-file.ts';
import { copyArticle, LazyBodies } from '../../src/corpus/lazy-body.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { enCorpus, viCorpus } from '../support/paths.ts';
import { corpusDir, frontMatter, sharedPresent } from './helpers.ts';
import { until } from '../support/until.ts';

const readlinkSafe = (path: string): string | undefined => {
  try {
    return readlinkSync(path);
  } catch {
    return undefined; // closed between the listing and the read
  }
};

const isLazy = (article: Article): boolean => Object.getOwnPropertyDescriptor(article, 'body')?.get !== undefined;

function article(body: string): Article {
  return { id: `id-${body.length}`, title: 'A title', excerpt: 'An excerpt', body, topics: ['AI'], heat: 5, source: '/x.md' } as unknown as Article;
}

describe('a body spill', () => {
  it('gives back every body as it was: Vietnamese, ASCII, Latin-1, emoji, a lone surrogate, one larger than its write chunk', () => {
    const spill = BodySpill.create()!;
    expect(spill).toBeDefined();
    const bodies = ['Hà Nội: học sinh đi học sau Tết.', 'Plain ASCII text.', 'Café crème, naïve', 'Rocket 🚀 launch', 'broken \ud800 half', 'Đà Nẵng '.repeat(200_000)];
    const kept = bodies.map((body) => spill.keep(article(body)));
    expect(kept.every(isLazy)).toBe(true);
    expect(kept.map((a) => a.body)).toEqual(bodies);
    // Read again, in another order (the first reads may come from the unwritten chunk, these from the file).
    expect(kept.map((a) => a.body).reverse()).toEqual([...bodies].reverse());
  });

  it('leaves an empty body in the heap, and a body set later replaces the one in the file', () => {
    const spill = BodySpill.create()!;
    const empty = spill.keep(article(''));
    expect(isLazy(empty)).toBe(false);
    const kept = spill.keep(article('First version.'));
    kept.body = 'Second version.';
    expect(kept.body).toBe('Second version.');
    expect(JSON.parse(JSON.stringify(kept)).body).toBe('Second version.');
  });

  it('is seen by JSON, spreads and structured clones (a worker hand-over) as a plain body', () => {
    const spill = BodySpill.create()!;
    const kept = spill.keep(article('Tin tức công nghệ mới nhất.'));
    expect(JSON.parse(JSON.stringify(kept))).toMatchObject({ body: 'Tin tức công nghệ mới nhất.', title: 'A title' });
    expect({ ...kept }.body).toBe('Tin tức công nghệ mới nhất.');
    expect(structuredClone(kept).body).toBe('Tin tức công nghệ mới nhất.');
    expect(Object.keys(kept)).toEqual(Object.keys(article('x')));
  });

  it('survives copies that add fields without reading the body into them', () => {
    const kept = BodySpill.create()!.keep(article('Nội dung bài báo.'));
    const copy = copyArticle(kept, { heat: 9 });
    expect(isLazy(copy)).toBe(true);
    expect(copy).toMatchObject({ heat: 9, body: 'Nội dung bài báo.', title: 'A title' });
    expect(kept.heat).toBe(5);
  });

  it('reads every lazy article through one accessor, whatever reads its body (V8 then keeps the articles compact)', () => {
    const spilled = BodySpill.create()!.keep(article('Một bài báo.'));
    const restored = {} as Article;
    new LazyBodies(() => 'Một bài báo khác.').define(restored, 0);
    const getter = (a: Article) => Object.getOwnPropertyDescriptor(a, 'body')!.get;
    expect(getter(spilled)).toBeDefined();
    expect(getter(restored)).toBe(getter(spilled));
    expect([spilled.body, restored.body]).toEqual(['Một bài báo.', 'Một bài báo khác.']);
  });

  it('leaves no file behind in its folder', () => {
    const dir = corpusDir({});
    const spill = BodySpill.create(dir)!;
    spill.keep(article('Something to keep.'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(existsSync('/proc/self/fd'))('gives its disk space back when a thread ending closes its spills', async () => {
    const dir = corpusDir({});
    const open = () => readdirSync('/proc/self/fd').some((fd) => (readlinkSafe(`/proc/self/fd/${fd}`) ?? '').startsWith(dir));
    BodySpill.create(dir)!.keep(article('Held until the thread ends.'));
    expect(open()).toBe(true);
    closeTempFiles();
    await until(() => !open(), { what: 'the spill file closed' });
  });

  it('is not made where no file can be made: the bodies stay in the heap', () => {
    expect(BodySpill.create(join(tmpdir(), 'newsbot-no-such-folder', 'x'))).toBeUndefined();
  });

  it.runIf(existsSync('/dev/shm') && statfsSync('/dev/shm').type === 0x01021994)('is not put on tmpfs, where it would stay in memory', () => {
    const before = process.env.TMPDIR;
    process.env.TMPDIR = '/dev/shm';
    try {
      expect(spillFolder()).not.toBe('/dev/shm');
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});

describe('a large load', () => {
  it('reads the same articles with bodies spilled as in memory, and search and the index keep them out of the heap', async () => {
    const dir = corpusDir(
      Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`a${i}.md`, frontMatter(`title: Story ${i} about chips\nheat: ${i}\noriginalUrl: https://example.com/${i}`, `Body ${i}: chips and AI, ${'word '.repeat(i)}`)]),
      ),
    );
    const [spilled, inMemory] = await Promise.all([loadCorpus([dir], { spillBodies: true }), loadCorpus([dir], { spillBodies: false })]);
    expect(spilled.articles.every(isLazy)).toBe(true);
    expect(inMemory.articles.some(isLazy)).toBe(false);
    expect(JSON.stringify(spilled.articles)).toBe(JSON.stringify(inMemory.articles));
    const index = CorpusIndex.build(spilled.articles);
    expect(index.articles.every(isLazy)).toBe(true);
    const found = (i: CorpusIndex) => i.search('chips word', { limit: 5 }).map((hit) => hit.id);
    expect(found(index)).toEqual(found(CorpusIndex.build(inMemory.articles)));
  });

  it.runIf(sharedPresent)('spills by default from 500 files: the shared corpora read the same either way', async () => {
    const dirs = [enCorpus, viCorpus];
    const [spilled, inMemory] = await Promise.all([loadCorpus(dirs), loadCorpus(dirs, { spillBodies: false })]);
    expect(spilled.articles.filter(isLazy).length).toBeGreaterThan(1500);
    expect(JSON.stringify(spilled.articles)).toBe(JSON.stringify(inMemory.articles));
  });
});
