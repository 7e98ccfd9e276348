// `newsbot search "QUERY"`: full-text search over titles, excerpts and bodies.
import { CliError, type CliCommand } from './command.ts';
import { articleList, indexForCli, limitOf, LIMIT_OPTION } from './corpus-options.ts';

export const search: CliCommand = {
  help: [
    'Usage: newsbot search QUERY [--limit N] [--language CODE] [--json]',
    '',
    'Finds articles holding the words of QUERY in the title, excerpt or body: those with every word first,',
    'then those with some. Case is ignored; accents count when typed ("thị" is not "thi") and match any',
    'accent when left out ("dien toan dam may" finds "điện toán đám mây"); English words match other forms',
    '("connectors" finds "connector"); the last word also matches as a prefix. Ranked by BM25 relevance',
    '(title > excerpt > body, phrases boosted, exact accents above folded), then heat. --limit defaults to 10.',
    'JSON: {"articles": [article…]}.',
  ].join('\n'),
  options: { language: { type: 'string' }, ...LIMIT_OPTION },
  run: async (ctx) => {
    const query = ctx.positionals.join(' ').trim();
    if (query === '') throw new CliError('a QUERY is required, e.g. newsbot search "cloud computing"');
    const limit = limitOf(ctx);
    const index = await indexForCli(ctx);
    const language = typeof ctx.values.language === 'string' ? ctx.values.language : undefined;
    const articles = index.search(query, { limit, language });
    ctx.emit({ articles }, (data, style) => articleList(data.articles, `no article matches "${query}"`, style));
    return 0;
  },
};
