// `newsbot sources check|fetch --json` as a script sees them, and the corpus commands serving fetched articles.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, staticFeed, type FeedServer } from './feed-server.ts';
import { removeTempDirs, tempDir } from './support.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
let server: FeedServer;
let dataDir: string;
let sourcesFile: string;

async function newsbot(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, CORPUS_DIRS: '', SOURCES_FILE: sourcesFile, SOURCES_ALLOW_PRIVATE: 'true', DATA_DIR: dataDir, KEYV_URL: '', DISCORD_TOKEN: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, [join(repoRoot, 'bin', 'newsbot.js'), ...args], { cwd: repoRoot, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/tech.xml', staticFeed(fixture('rss.xml')));
  server.route('/markets.json', staticFeed(fixture('feed.json'), 'application/feed+json'));
  server.route('/broken.xml', staticFeed(fixture('broken.xml')));
  const dir = tempDir();
  dataDir = join(dir, 'data');
  sourcesFile = join(dir, 'sources.yaml');
  writeFileSync(
    sourcesFile,
    [
      `- name: Tech\n  url: ${server.url('/tech.xml')}`,
      `- name: Markets\n  url: ${server.url('/markets.json')}\n  every: 1h\n  topics: [Business]`,
      `- name: Broken\n  url: ${server.url('/broken.xml')}`,
      `- name: Off\n  url: ${server.url('/off.xml')}\n  enabled: false`,
    ].join('\n'),
  );
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('newsbot sources', () => {
  it('check fetches each enabled source once, reports it, and writes nothing', async () => {
    const { code, stdout } = await newsbot(['sources', 'check', '--json']);
    expect(code).toBe(1); // Broken failed
    expect(JSON.parse(stdout)).toEqual({
      sources: [
        { name: 'Tech', url: server.url('/tech.xml'), ok: true, status: 200, items: 4, error: null },
        { name: 'Markets', url: server.url('/markets.json'), ok: true, status: 200, items: 2, error: null },
        { name: 'Broken', url: server.url('/broken.xml'), ok: false, status: 200, items: 0, error: expect.stringMatching(/^not a feed/) },
      ],
    });
    expect(existsSync(dataDir)).toBe(false);
    expect(server.hits.get('/off.xml')).toBeUndefined();
  });

  it('fetch persists like the bot, conditional GET the second time; news, search and show serve the articles', async () => {
    const first = await newsbot(['sources', 'fetch', '--json']);
    expect(JSON.parse(first.stdout)).toEqual({
      sources: [
        { name: 'Tech', ok: true, new: 4, updated: 0, items: 4, error: null },
        { name: 'Markets', ok: true, new: 2, updated: 0, items: 2, error: null },
        { name: 'Broken', ok: false, new: 0, updated: 0, items: 0, error: expect.stringMatching(/^not a feed/) },
      ],
      articles: 6,
    });
    const second = JSON.parse((await newsbot(['sources', 'fetch', '--json'])).stdout);
    expect(second.sources.slice(0, 2)).toEqual([
      { name: 'Tech', ok: true, new: 0, updated: 0, items: 0, error: null },
      { name: 'Markets', ok: true, new: 0, updated: 0, items: 0, error: null },
    ]);

    const business = JSON.parse((await newsbot(['news', '--topic', 'Business', '--json'])).stdout);
    expect(business.articles.map((a: { title: string }) => a.title)).toEqual(expect.arrayContaining(['Gold price climbs', 'Stocks rally']));
    const found = JSON.parse((await newsbot(['search', 'gold price', '--json'])).stdout);
    expect(found.articles[0]).toMatchObject({ title: 'Gold price climbs', source: 'feed:Markets', url: 'https://markets.example/gold' });
    const shown = await newsbot(['show', found.articles[0].id, '--json']);
    expect(JSON.parse(shown.stdout)).toEqual(found.articles[0]);
  });

  it('explains a missing sources file', async () => {
    const saved = sourcesFile;
    sourcesFile = join(dataDir, 'nope.yaml');
    const { code, stderr } = await newsbot(['sources', 'check']);
    sourcesFile = saved;
    expect(code).toBe(2);
    expect(stderr).toMatch(/SOURCES_FILE .*nope\.yaml cannot be read \(ENOENT\)/);
  });
});
