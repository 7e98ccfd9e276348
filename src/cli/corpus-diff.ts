// `newsbot corpus diff --from DIR --to DIR`: what a reseed from one corpus to the other would report.
import { resolve } from 'node:path';
import { diffArticles, type CorpusDiff } from '../index/diff.ts';
import { CliError, type CliCommand } from './command.ts';
import { loadForCli } from './corpus-options.ts';

export const corpusDiff: CliCommand = {
  help: [
    'Usage: newsbot corpus diff --from DIR --to DIR [--json]',
    '',
    'Loads both directories and compares articles by id: added, updated (any field but the file path',
    'changed, e.g. heat) and removed. Both options are repeatable. Exit 2 when a directory does not exist.',
  ].join('\n'),
  options: { from: { type: 'string', multiple: true }, to: { type: 'string', multiple: true } },
  run: async (ctx) => {
    const from = ctx.values.from as string[] | undefined;
    const to = ctx.values.to as string[] | undefined;
    if (!from?.length || !to?.length) throw new CliError('both --from DIR and --to DIR are required');
    const resolveAll = (dirs: string[]): string[] => dirs.map((dir) => resolve(ctx.io.cwd, dir));
    const [before, after] = await Promise.all([loadForCli(ctx, resolveAll(from)), loadForCli(ctx, resolveAll(to))]);
    ctx.emit(diffArticles(before.load.articles, after.load.articles), human);
    return 0;
  },
};

function human(diff: CorpusDiff): string {
  const section = (name: string, ids: string[]): string => `${name} (${ids.length})${ids.length ? `:\n  ${ids.join('\n  ')}` : ''}`;
  return [section('added', diff.added), section('updated', diff.updated), section('removed', diff.removed)].join('\n');
}
