// `newsbot news --topic T`: the hottest articles under a topic.
import { CliError, type CliCommand } from './command.ts';
import { articleList, indexForCli, limitOf, LIMIT_OPTION, unknownTopic } from './corpus-options.ts';

export const news: CliCommand = {
  help: [
    'Usage: newsbot news --topic TOPIC [--limit N] [--language CODE] [--json]',
    '',
    'TOPIC is matched ignoring case, accents and aliases ("ai", "Artificial Intelligence" → AI).',
    'Articles come hottest first: heat, then quality, then newest. --limit defaults to 10.',
    'JSON: {"topic": canonical name, "articles": [article…]}. Unknown topics exit 3 with close names.',
  ].join('\n'),
  options: { topic: { type: 'string', short: 't' }, language: { type: 'string' }, ...LIMIT_OPTION },
  run: async (ctx) => {
    const asked = ctx.values.topic;
    if (typeof asked !== 'string' || asked.trim() === '') throw new CliError('--topic TOPIC is required');
    const limit = limitOf(ctx);
    const index = await indexForCli(ctx);
    const topic = index.resolveTopic(asked);
    if (!topic) throw unknownTopic(index, asked);
    const language = typeof ctx.values.language === 'string' ? ctx.values.language : undefined;
    const articles = index.byTopic(topic, { limit, language });
    ctx.emit({ topic, articles }, (data, style) => `${style.bold(data.topic)}\n${articleList(data.articles, '(no articles)', style)}`);
    return 0;
  },
};
