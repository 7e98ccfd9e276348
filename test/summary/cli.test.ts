import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { repoRoot } from '../support/paths.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function newsbot(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, cwd: repoRoot };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function allSummaries() {
  const run = await newsbot(['summary', '--all', '--json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).summaries as { id: string; source: string; language: string; summary: string }[];
}

describe('newsbot summary', () => {
  it('--all summarizes every seed: 000 by its cleaned excerpt, 004 in Vietnamese', async () => {
    const summaries = await allSummaries();
    const byFile = (name: string) => summaries.find((s) => s.source.endsWith(name))!;
    expect(summaries).toHaveLength(2);
    expect(byFile('000_988ac42cf7cb2b06.txt').summary).toMatch(/^Alibaba Cloud customers are moving into more demanding workloads/);
    expect(byFile('004_062e452dc1363ed6.txt')).toMatchObject({ language: 'vi' });
    expect(byFile('004_062e452dc1363ed6.txt').summary).toMatch(/Alibaba/);
  });

  it('ID --json gives one article with its sentences, the same on every run', async () => {
    const vietnamese = (await allSummaries()).find((s) => s.language === 'vi')!;
    const first = await newsbot(['summary', vietnamese.id, '--json']);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({ id: vietnamese.id, language: 'vi', summary: vietnamese.summary });
    expect(result.sentences.join(' ')).toBe(result.summary);
    expect((await newsbot(['summary', vietnamese.id, '--json'])).stdout).toBe(first.stdout);
  });

  it('--topic gives cited bullets and a rendered text', async () => {
    const run = await newsbot(['summary', '--topic', 'ai', '--limit', '5', '--json']);
    expect(run.code).toBe(0);
    const briefing = JSON.parse(run.stdout);
    expect(briefing.topic).toBe('AI');
    expect(briefing.bullets.length).toBeGreaterThan(0);
    for (const bullet of briefing.bullets) expect(bullet.sources.length).toBeGreaterThan(0);
    expect(briefing.text).toMatch(/\[1\]\(https:\/\//);
  });

  it('--topic reaches a topic by its taxonomy alias, as news --topic does', async () => {
    const run = await newsbot(['summary', '--topic', 'điện toán đám mây', '--json']);
    expect(run.code).toBe(0);
    const briefing = JSON.parse(run.stdout);
    expect(briefing.topic).toBe('Cloud Computing');
    expect(briefing.languages.vi).toHaveLength(1);
  });

  it('says what is wrong with bad requests', async () => {
    const unknown = await newsbot(['summary', 'no-such-id']);
    expect(unknown.code).toBe(3); // not found, as for `newsbot show`
    expect(unknown.stderr).toContain('no article with id "no-such-id"');
    const neither = await newsbot(['summary']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('exactly one of');
    const badLimit = await newsbot(['summary', '--topic', 'AI', '--limit', '0']);
    expect(badLimit.stderr).toContain('--limit must be a whole number from 1 to 50, got "0"');
    const badTopic = await newsbot(['summary', '--topic', 'zzz-no-topic']);
    expect(badTopic.code).toBe(3);
    expect(badTopic.stderr).toContain('no topic "zzz-no-topic"');
  });

  it('falls back to the extractive summary when the configured LLM endpoint is down, without printing the key', async () => {
    const { id, summary } = (await allSummaries())[0]!;
    const env = { SUMMARY_LLM_URL: 'http://127.0.0.1:9/v1', SUMMARY_LLM_MODEL: 'tiny', SUMMARY_LLM_KEY: 'sk-secret-xyz' };
    const run = await newsbot(['summary', id, '--json'], env);
    expect(JSON.parse(run.stdout)).toMatchObject({ summary, via: 'extractive' });
    expect(run.stderr).toContain('extractive summary used');
    expect(run.stdout + run.stderr).not.toContain('sk-secret-xyz');
  });

  it('refuses LLM settings the bot would refuse, naming the variable and the fix', async () => {
    const { id } = (await allSummaries())[0]!;
    const noScheme = await newsbot(['summary', id], { SUMMARY_LLM_URL: 'localhost:11434', SUMMARY_LLM_MODEL: 'tiny' });
    expect(noScheme.code).toBe(2);
    expect(noScheme.stderr).toBe(
      'newsbot summary: Invalid configuration:\n  - SUMMARY_LLM_URL: SUMMARY_LLM_URL=localhost:11434 is not an http(s) URL; use an OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1\n',
    );
    const urlOnly = await newsbot(['summary', id], { SUMMARY_LLM_URL: 'http://127.0.0.1:9/v1' });
    expect(urlOnly.code).toBe(2);
    expect(urlOnly.stderr).toContain('SUMMARY_LLM_URL and SUMMARY_LLM_MODEL go together');
  });
});
