// Delivery's input problems (src/delivery/validate.ts) worded in the user's language: the core keeps English
// for the CLI and logs, and hands over a code and parameters for this. Values the user typed are echoed
// short (src/discord/echo.ts), so the message always fits a reply however long the input was.
import { CRON_FIELDS, type Problem } from '../delivery/validate.ts';
import { echo } from './echo.ts';
import type { Translate } from './i18n.ts';

/** Unknown topics named one by one; the rest are counted. */
const NAMED_TOPICS = 5;

export function problemText(problem: Problem, tr: Translate): string {
  switch (problem.code) {
    case 'cron.fields':
      return tr('problem.cronFields', { value: echo(problem.params.value) });
    case 'cron.invalid':
      return tr('problem.cronInvalid', {
        value: echo(problem.params.value),
        detail: problem.params.fields.map((f) => tr('problem.cronField', { field: tr(`cron.${f.field}`), value: echo(f.value), range: CRON_FIELDS[f.field] })).join('; '),
      });
    case 'time':
      return tr('problem.time', { value: echo(problem.params.value) });
    case 'timezone':
      return tr('problem.timezone', { value: echo(problem.params.value) });
    case 'range': {
      const { integer, ...vars } = problem.params;
      return tr(integer ? 'problem.rangeInteger' : 'problem.rangeNumber', vars);
    }
    case 'topics.none':
      return tr('problem.topicsNone');
    case 'topics.unknown': {
      const { unknown } = problem.params;
      const topics = unknown.slice(0, NAMED_TOPICS).map(({ name, suggestions }) =>
        suggestions.length ? tr('problem.topicHint', { name: echo(name), suggestions: suggestions.join(', ') }) : tr('problem.topicName', { name: echo(name) }));
      if (unknown.length > NAMED_TOPICS) topics.push(tr('problem.topicsMore', { count: unknown.length - NAMED_TOPICS }));
      return tr('problem.topicsUnknown', { topics: topics.join(', ') });
    }
    case 'feeds.limit':
      return tr('problem.feedsLimit', problem.params);
  }
}

/** Every problem as a bullet list, so the user fixes them all in one go. */
export function problemList(problems: readonly Problem[], tr: Translate): string {
  return problems.map((p) => `• ${problemText(p, tr)}`).join('\n');
}
