// `newsbot show ID`: one article, every field.
import type { Article } from '../types.ts';
import { CliError, NotFoundError, type CliCommand } from './command.ts';
import type { Style } from './terminal.ts';
import { articleLines, indexForCli } from './corpus-options.ts';

export const show: CliCommand = {
  help: ['Usage: newsbot show ID [--json]', '', 'Prints the article with that id (ids appear in news, search and corpus diff output).', 'JSON: the article object. Exit 3 when no article has that id.'].join('\n'),
  run: async (ctx) => {
    const id = ctx.positionals[0];
    if (!id) throw new CliError('an article ID is required');
    const article = (await indexForCli(ctx)).get(id);
    if (!article) throw new NotFoundError(`no article with id "${id}" in the corpus`);
    ctx.emit(article, human);
    return 0;
  },
};

function human(article: Article, style: Style): string {
  return [
    articleLines(article, undefined, style),
    style.dim(`    source ${article.source}`),
    '',
    article.excerpt,
    ...(article.body && article.body !== article.excerpt ? ['', article.body] : []),
  ].join('\n');
}
