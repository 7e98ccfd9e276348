// Feeds as users' sources: RSS, Atom and JSON Feed become ordinary articles (ids from the canonical URL, HTML
// cleaned, relative links resolved, undated items left undated, language and topics inferred), and every
// broken feed fails with a message that says what is wrong.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTaxonomy } from '../../src/corpus/load.ts';
import type { Taxonomy } from '../../src/corpus/taxonomy.ts';
import { articleId, canonicalUrl } from '../../src/corpus/url.ts';
import { DERIVED_HEAT_MIN, DERIVED_HEAT_SPAN } from '../../src/corpus/heat.ts';
import { feedArticles, FeedParseError } from '../../src/sources/feed-items.ts';
import { isPrivateAddress, safeFetch } from '../../src/sources/safe-fetch.ts';
import { parseSources, SourcesFileError } from '../../src/sources/feed-config.ts';
import { startFeedServer, staticFeed, type FeedServer } from './feed-server.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
let taxonomy: Taxonomy;
let server: FeedServer;

beforeAll(async () => {
  taxonomy = await defaultTaxonomy();
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('feed items → articles', () => {
  it('RSS 2.0: HTML cleaned, tracking stripped from the id URL, relative links resolved, missing dates left null', () => {
    const { articles, skipped, format } = feedArticles(fixture('rss.xml'), { name: 'Example Tech', url: 'https://tech.example/feed.xml' }, taxonomy);
    expect(format).toBe('rss');
    const [model, relative, undated, untitled] = articles;
    expect(model).toMatchObject({
      title: 'OpenAI ships a new model & an API',
      url: 'https://tech.example/2024/05/new-model',
      id: articleId('https://tech.example/2024/05/new-model', '', ''),
      publishedAt: '2024-05-01T08:00:00.000Z',
      language: 'en',
      provider: { name: 'Example Tech', domain: 'tech.example' },
      excerpt: 'The new machine learning model answers faster.',
      source: 'feed:Example Tech',
    });
    // Paragraphs are separated by a blank line, as in articles loaded from files (src/text/clean-html.ts).
    expect(model!.body).toBe('The new machine learning model answers faster.\n\nDevelopers can call it through the API from today; pricing is lower than the previous generation of models.');
    expect(model!.topics).toContain('AI'); // the category "Artificial Intelligence" is an alias
    expect(relative).toMatchObject({ url: 'https://tech.example/2024/05/relative', publishedAt: '2024-05-02T08:30:00.000Z' });
    expect(undated).toMatchObject({ title: 'No date on this one', publishedAt: null });
    // No title: the first line of its text stands in; no link: a content id, like a plain-text file.
    expect(untitled).toMatchObject({ url: null, title: expect.stringMatching(/^An item with neither title nor link/) });
    expect(articles).toHaveLength(4); // the empty item is not an article
    expect(skipped.every((s) => s.reason === 'no title and no text')).toBe(true);
    for (const article of articles) expect(article.heat).toBeGreaterThanOrEqual(DERIVED_HEAT_MIN);
    for (const article of articles) expect(article.heat).toBeLessThanOrEqual(DERIVED_HEAT_MIN + DERIVED_HEAT_SPAN);
  });

  it('Atom: Vietnamese detected, topics inferred from the text when the feed gives none', () => {
    const { articles } = feedArticles(fixture('atom.xml'), { name: 'Atom Sport', url: 'https://sport.example/atom' }, taxonomy);
    expect(articles[0]).toMatchObject({ title: 'Đội tuyển Việt Nam thắng 2-0', language: 'vi', publishedAt: '2024-05-03T11:00:00.000Z', url: 'https://sport.example/vn/doi-tuyen-thang' });
    expect(articles[0]!.topics).toContain('Football');
    expect(articles[1]).toMatchObject({ title: 'Second entry', body: 'Only a summary here.', publishedAt: '2024-05-03T09:00:00.000Z' });
  });

  it('JSON Feed: text and HTML content, known tags as topics, the operator topics and language win', () => {
    const { articles } = feedArticles(fixture('feed.json'), { name: 'JSON Markets', url: 'https://markets.example/feed.json', topics: ['Markets Desk'], language: 'en' }, taxonomy);
    expect(articles.map((a) => a.url)).toEqual(['https://markets.example/gold', 'https://markets.example/stocks']);
    expect(articles[0]).toMatchObject({ body: 'Gold rose 2% on Tuesday as investors sought safety.\n\nAnalysts expect more volatility.', topics: ['Markets Desk', 'Finance'], image: 'https://markets.example/img/gold.jpg' });
    expect(articles[1]).toMatchObject({ title: 'Stocks rally', body: 'Stocks closed higher & bonds fell.', publishedAt: '2024-05-04T08:00:00.000Z' });
  });

  it('invalid XML and an HTML page are refused with a reason', () => {
    expect(() => feedArticles(fixture('broken.xml'), { name: 'b', url: 'https://b.example/' }, taxonomy)).toThrow(FeedParseError);
    expect(() => feedArticles(fixture('page.html'), { name: 'p', url: 'https://p.example/' }, taxonomy)).toThrow(/the URL serves an HTML page, not a feed/);
  });

  it('the same URL from a feed and from a file is the same article id', () => {
    const { articles } = feedArticles(fixture('rss.xml'), { name: 'x', url: 'https://tech.example/feed.xml' }, taxonomy);
    expect(articles[0]!.id).toBe(articleId(canonicalUrl('https://tech.example/2024/05/new-model?utm_source=newsletter')!, 'any', 'thing'));
  });
});

describe('fetching', () => {
  const open = { allowPrivate: true };

  it('answers 304 to a conditional GET, and decompresses gzip', async () => {
    server.route('/etag.xml', staticFeed(fixture('rss.xml')));
    const first = await safeFetch(server.url('/etag.xml'), open);
    expect(first).toMatchObject({ status: 200, etag: '"v1"' });
    expect(await safeFetch(server.url('/etag.xml'), { ...open, etag: '"v1"' })).toEqual({ status: 304, url: server.url('/etag.xml') });

    server.route('/gzip.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(fixture('atom.xml'))));
    const gz = await safeFetch(server.url('/gzip.xml'), open);
    expect('body' in gz && gz.body).toBe(fixture('atom.xml'));
  });

  it('refuses a 10 MB feed, a redirect loop, too many redirects, a slow server and a server error, each saying why', async () => {
    const big = `<rss version="2.0"><channel><title>Big</title>${'<item><title>x</title></item>'.repeat(350_000)}</channel></rss>`;
    server.route('/big.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(big));
    server.route('/big-gzip.xml', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(big)));
    server.route('/loop-a', (_req, res) => res.writeHead(302, { location: '/loop-b' }).end());
    server.route('/loop-b', (_req, res) => res.writeHead(301, { location: server.url('/loop-a') }).end());
    for (let i = 0; i < 8; i++) server.route(`/hop-${i}`, (_req, res) => res.writeHead(302, { location: `/hop-${i + 1}` }).end());
    server.route('/slow', () => {}); // never answers
    server.route('/error', (_req, res) => res.writeHead(503, 'Service Unavailable').end());
    expect(big.length).toBeGreaterThan(10_000_000);
    await expect(safeFetch(server.url('/big.xml'), open)).rejects.toThrow(/feed larger than 5242880 bytes/);
    await expect(safeFetch(server.url('/big-gzip.xml'), open)).rejects.toThrow(/feed larger than 5242880 bytes/);
    await expect(safeFetch(server.url('/loop-a'), open)).rejects.toThrow(/redirect loop/);
    await expect(safeFetch(server.url('/hop-0'), open)).rejects.toThrow(/more than 5 redirects/);
    await expect(safeFetch(server.url('/slow'), { ...open, timeoutMs: 300 })).rejects.toThrow(/no complete answer within 300 ms/);
    await expect(safeFetch(server.url('/error'), open)).rejects.toMatchObject({ message: 'HTTP 503 Service Unavailable', status: 503 });
  });

  it('refuses loopback and private addresses (also by name, and after a redirect) unless allowed, and other schemes', async () => {
    server.route('/ok.xml', staticFeed(fixture('rss.xml')));
    server.route('/to-local', (_req, res) => res.writeHead(302, { location: server.url('/ok.xml').replace('127.0.0.1', '127.0.0.2') }).end());
    await expect(safeFetch(server.url('/ok.xml'))).rejects.toThrow(/127\.0\.0\.1 is a private or loopback address \(set SOURCES_ALLOW_PRIVATE=true/);
    await expect(safeFetch(server.url('/ok.xml').replace('127.0.0.1', 'localhost'))).rejects.toThrow(/localhost resolves to .*private or loopback/);
    // Every hop is checked: here 127.0.0.1 stands for a public server that redirects to a private address.
    const onlyFirstHopAllowed = { isBlocked: (address: string) => address !== '127.0.0.1' };
    await expect(safeFetch(server.url('/to-local'), onlyFirstHopAllowed)).rejects.toThrow(/127\.0\.0\.2 is a private or loopback address/);
    expect(server.hits.get('/to-local')).toBe(1);
    await expect(safeFetch('file:///etc/passwd')).rejects.toThrow(/file: URLs are not fetched/);
    expect(server.hits.get('/ok.xml')).toBeUndefined();
    for (const address of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0']) expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '2606:2800:220:1::1', '8.8.8.8']) expect(isPrivateAddress(address), address).toBe(false);
  });
});

describe('SOURCES_FILE', () => {
  it('reads name, url, every, language, topics and enabled, with defaults', () => {
    const feeds = parseSources('- name: Tech\n  url: https://tech.example/rss\n- name: Slow\n  url: http://slow.example/feed\n  every: 2h\n  language: VI\n  topics: [AI, Business]\n  enabled: false\n', 'sources.yaml');
    expect(feeds).toEqual([
      { name: 'Tech', url: 'https://tech.example/rss', everyMs: 900_000, language: undefined, topics: [], enabled: true },
      { name: 'Slow', url: 'http://slow.example/feed', everyMs: 7_200_000, language: 'vi', topics: ['AI', 'Business'], enabled: false },
    ]);
  });

  it('reports every bad entry at once, naming it', () => {
    const problems = () => parseSources('- name: A\n  url: ftp://a.example/\n- name: A\n  url: https://a.example/\n  every: 10s\n- url: https://b.example/\n', 'sources.yaml');
    expect(problems).toThrow(SourcesFileError);
    expect(problems).toThrow(
      [
        'sources.yaml: source 1 (A): url ftp://a.example/ is not an http(s) URL',
        'sources.yaml: source 2 (A): the name A is used twice; names identify sources and must be unique',
        'sources.yaml: source 2 (A): every 10s is not a duration of at least 1 minute; use e.g. 15m, 1h',
        'sources.yaml: source 3: name is missing',
      ].join('\n'),
    );
    expect(() => parseSources('- name: Private\n  url: ftp://reader:pw-123@a.example/feed?token=t0k\n', 'sources.yaml')).toThrow(
      'sources.yaml: source 1 (Private): url ftp://reader:***@a.example/feed?token=*** is not an http(s) URL',
    );
  });
});
