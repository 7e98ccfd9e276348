// The corpus subcommands as a script sees them: `node bin/newsbot.js … --json`, stdout parsed as JSON.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOPIC_DEFAULTS } from '../../src/corpus/infer-topics.ts';
import { corpusDir, frontMatter, repoRoot, sharedCorpus, sharedPresent } from '../corpus/helpers.ts';

const run = promisify(execFile);

async function newsbot(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(repoRoot, 'bin', 'newsbot.js'), ...args], { cwd: repoRoot, env: { ...process.env, CORPUS_DIRS: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('newsbot news / search / show on the seeds', () => {
  it('news --topic AI returns seed 000 hottest first', async () => {
    const { code, stdout } = await newsbot(['news', '--topic', 'AI', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.topic).toBe('AI');
    expect(result.articles[0]).toMatchObject({
      title: 'Alibaba Cloud nears profitability as customers move from IaaS into AI, data analytics workloads',
      // The file's figure stays as heatRaw; heat is on the one scale: alone in its group (ZDNet, 2020), 50.
      heat: 50,
      heatRaw: 79,
      story: { id: expect.any(String), articles: [expect.any(String)], sources: ['ZDNet'] },
      provider: { name: 'ZDNet' },
    });
  });

  it('search "dien toan dam may" finds seed 004, and show returns it by id', async () => {
    const found = JSON.parse((await newsbot(['search', 'dien toan dam may', '--json'])).stdout);
    const seed = found.articles[0];
    expect(seed.title).toBe('Alibaba đã vượt mặt IBM trong mảng điện toán đám mây, và hiện đang chiếm được nhiều hợp đồng từ khách hàng châu Âu và Mỹ');
    expect(seed.language).toBe('vi');
    const shown = await newsbot(['show', seed.id, '--json']);
    expect(JSON.parse(shown.stdout)).toEqual(seed);
    const cloud = JSON.parse((await newsbot(['news', '--topic', 'cloud', '--json'])).stdout);
    expect(cloud.articles.map((a: { id: string }) => a.id)).toContain(seed.id);
  });

  it('show --json and every ARTICLE carry topicScores: 1 for the editor\'s topics, a confidence for inferred ones', async () => {
    const { articles } = JSON.parse((await newsbot(['news', '--topic', 'AI', '--json'])).stdout);
    const edited = articles[0];
    expect(edited.topicScores).toEqual(Object.fromEntries(edited.topics.map((topic: string) => [topic, 1])));
    const plain = JSON.parse((await newsbot(['search', 'dien toan dam may', '--json'])).stdout).articles[0];
    const shown = JSON.parse((await newsbot(['show', plain.id, '--json'])).stdout);
    expect(shown.topics).toContain('Cloud Computing');
    expect(shown.topicScores['Cloud Computing']).toBeGreaterThan(0);
    expect(shown.topicScores['Cloud Computing']).toBeLessThanOrEqual(1);
    for (const topic of shown.topics) expect(shown.topicScores[topic]).toBeGreaterThanOrEqual(TOPIC_DEFAULTS.threshold);
  });

  it('explains unknown ids and topics on stderr with exit 3 (not found)', async () => {
    const missing = await newsbot(['show', 'nope', '--json']);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no article with id "nope"/);
    expect((await newsbot(['news', '--topic', 'Knitting', '--json'])).stderr).toMatch(/no topic "Knitting"/);
  });
});

describe('newsbot corpus check / diff', () => {
  it('reports files, loaded, skipped with reasons, duplicates, languages and topics; exit 0 with skips', async () => {
    const dir = corpusDir({
      'a.md': frontMatter('title: Cloud story\nheat: 5\ntopics:\n  - cloud\noriginalUrl: https://e.com/a'),
      'a-copy.md': frontMatter('title: Cloud story\nheat: 7\noriginalUrl: https://e.com/a?utm_source=x'),
      'b.txt': 'Giá vàng hôm nay tăng mạnh\nGiá vàng trong nước tăng theo thế giới, lãi suất ngân hàng giữ nguyên.',
      'broken.md': '---\ntitle: x\n',
    });
    const { code, stdout } = await newsbot(['corpus', 'check', '--corpus', dir, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ files: 4, loaded: 3, duplicates: 1, languages: { en: 1, vi: 1 } });
    expect(report.skipped).toEqual([{ path: join(dir, 'broken.md'), reason: expect.stringMatching(/never closed/) }]);
    expect(report.topics['Cloud Computing']).toBe(1);
    expect(report.topics.Finance).toBe(1);
  });

  it('exits 2 with a clear message when a directory does not exist', async () => {
    const { code, stdout, stderr } = await newsbot(['corpus', 'check', '--corpus', '/no/such/dir', '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/corpus directory does not exist: \/no\/such\/dir/);
  });

  it('diff reports added, updated and removed ids', async () => {
    const from = corpusDir({
      'keep.md': frontMatter('title: Keep\nheat: 5\noriginalUrl: https://e.com/keep'),
      'gone.md': frontMatter('title: Gone\nheat: 5\noriginalUrl: https://e.com/gone'),
    });
    const to = corpusDir({
      'renamed.md': frontMatter('title: Keep\nheat: 9\noriginalUrl: https://e.com/keep'),
      'new.md': frontMatter('title: New\nheat: 1\noriginalUrl: https://e.com/new'),
    });
    const diff = JSON.parse((await newsbot(['corpus', 'diff', '--from', from, '--to', to, '--json'])).stdout);
    const ids = async (dir: string): Promise<Record<string, string>> => {
      const check = JSON.parse((await newsbot(['search', 'keep', '--corpus', dir, '--json'])).stdout);
      return Object.fromEntries(check.articles.map((a: { title: string; id: string }) => [a.title, a.id]));
    };
    const keepId = (await ids(to)).Keep;
    expect(diff.updated).toEqual([keepId]);
    expect(diff.added).toHaveLength(1);
    expect(diff.removed).toHaveLength(1);
    expect(diff.added).not.toEqual(diff.removed);
  });

  it.skipIf(!sharedPresent)('checks the shared corpora with every file loaded and languages right', async () => {
    const report = JSON.parse((await newsbot(['corpus', 'check', '--corpus', join(sharedCorpus, 'en'), '--corpus', join(sharedCorpus, 'vi'), '--json'])).stdout);
    expect(report.files).toBe(192 + 1772);
    expect(report.skipped).toEqual([]);
    expect(report.languages.vi).toBe(1772);
    expect(report.languages.en + report.duplicates).toBe(192);
  });
});

describe('newsbot corpus snapshot', () => {
  it('builds the snapshot under DATA_DIR on the first call, restores it on the next, applies what changed when a file changes', async () => {
    const corpus = corpusDir({
      'a.md': frontMatter('title: Chips get faster\ntopics: [AI]\nheat: 60\noriginalUrl: https://example.com/chips', 'A long body about chips.'),
      'b.md': frontMatter('title: Models get larger\ntopics: [AI]\nheat: 30\noriginalUrl: https://example.com/models', 'A long body about models.'),
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'newsbot-data-'));
    const args = ['news', '--topic', 'AI', '--corpus', corpus, '--json'];
    const first = await newsbot(args, { DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^corpus snapshot: none yet at .*; building it$/m);
    expect(readdirSync(join(dataDir, 'corpus-snapshot'))).toHaveLength(1);
    const second = await newsbot(args, { DATA_DIR: dataDir });
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).articles.map((a: { body: string }) => a.body)).toEqual(['A long body about chips.', 'A long body about models.']);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(corpus, 'b.md'), later, later);
    // Files changed since: the snapshot is restored and the difference applied (docs/corpus.md, "Snapshot").
    expect((await newsbot(args, { DATA_DIR: dataDir })).stderr).toMatch(/^corpus snapshot: restored .*; applied what changed since in folder:.*: 0 added, 0 updated, 0 removed$/m);
  });
});
