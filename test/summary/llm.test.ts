import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { summarizeWithLlm, type LlmSettings } from '../../src/summary/llm.ts';
import { summarizeArticle } from '../../src/summary/article.ts';
import { article } from './articles.ts';

const KEY = 'sk-test-secret-123';
const news = article({
  title: 'Alibaba Cloud overtakes IBM',
  body: 'Alibaba Cloud overtook IBM in the first quarter. It serves SAP and Philips. Revenue grew sixty percent.',
});

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A fake OpenAI-compatible endpoint on loopback; returns its base URL and the requests it saw. */
async function fakeEndpoint(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const seen: { url: string | undefined; authorization: string | undefined; body: unknown }[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ url: req.url, authorization: req.headers.authorization, body: JSON.parse(body) });
      handle(req, body, res);
    });
  });
  await new Promise<void>((ready) => server!.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, seen };
}

const settings = (url: string, timeoutMs = 2000): LlmSettings => ({ url, model: 'tiny', key: KEY, timeoutMs });

describe('summarizeWithLlm', () => {
  it('uses the endpoint reply, sending the model, the article and the key', async () => {
    const { url, seen } = await fakeEndpoint((_req, _body, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { content: 'Alibaba passed IBM. Growth was strong.' } }] }));
    });
    const result = await summarizeWithLlm(news, settings(url));
    expect(result).toMatchObject({ via: 'llm', summary: 'Alibaba passed IBM. Growth was strong.', sentences: ['Alibaba passed IBM.', 'Growth was strong.'] });
    expect(seen[0]).toMatchObject({ url: '/v1/chat/completions', authorization: `Bearer ${KEY}`, body: { model: 'tiny' } });
    expect(JSON.stringify(seen[0]!.body)).toContain('Alibaba Cloud overtook IBM');
  });

  it('falls back to the extractive summary on HTTP 500, without leaking the key', async () => {
    const { url } = await fakeEndpoint((_req, _body, res) => {
      res.statusCode = 500;
      res.end(`upstream failed for key ${KEY}`);
    });
    const result = await summarizeWithLlm(news, settings(url));
    expect(result.via).toBe('extractive');
    expect(result.summary).toBe(summarizeArticle(news).summary);
    expect(result.fallbackReason).toBe('HTTP 500');
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('falls back when the endpoint does not answer in time', async () => {
    const { url } = await fakeEndpoint(() => {
      /* never answers */
    });
    const result = await summarizeWithLlm(news, settings(url, 150));
    expect(result).toMatchObject({ via: 'extractive', fallbackReason: 'timed out after 150 ms' });
    server!.closeAllConnections();
  });

  it('falls back on a reply that is not a chat completion, and when nothing listens', async () => {
    const { url } = await fakeEndpoint((_req, _body, res) => res.end('<html>proxy error</html>'));
    expect(await summarizeWithLlm(news, settings(url))).toMatchObject({ via: 'extractive', fallbackReason: 'the reply was not JSON' });
    const closed = await summarizeWithLlm(news, settings('http://127.0.0.1:9/v1'));
    expect(closed.via).toBe('extractive');
    expect(closed.summary).toBe(summarizeArticle(news).summary);
  });

  it('gives no password of the endpoint URL in its fallback reason (fetch quotes such a URL whole)', async () => {
    const result = await summarizeWithLlm(news, settings('http://bot:hunter2-pw@127.0.0.1:9/v1'));
    expect(result.via).toBe('extractive');
    expect(result.fallbackReason).toMatch(/credentials/);
    expect(result.fallbackReason).not.toContain('hunter2-pw');
  });
});
