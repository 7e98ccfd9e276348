// Delivery's input problems (src/delivery/validate.ts) worded in the user's language: the core keeps English
// for the CLI and logs, and hands over a code and parameters for this.
import type { Problem } from '../delivery/validate.ts';
import type { Translate } from './i18n.ts';

export function problemText(problem: Problem, tr: Translate): string {
  switch (problem.code) {
    case 'cron.fields':
      return tr('problem.cronFields', problem.params);
    case 'cron.invalid':
      return tr('problem.cronInvalid', problem.params);
    case 'time':
      return tr('problem.time', problem.params);
    case 'timezone':
      return tr('problem.timezone', problem.params);
    case 'range': {
      const { integer, ...vars } = problem.params;
      return tr(integer ? 'problem.rangeInteger' : 'problem.rangeNumber', vars);
    }
    case 'topics.none':
      return tr('problem.topicsNone');
    case 'topics.unknown': {
      const topics = problem.params.unknown.map(({ name, suggestions }) =>
        suggestions.length ? tr('problem.topicHint', { name, suggestions: suggestions.join(', ') }) : tr('problem.topicName', { name }));
      return tr('problem.topicsUnknown', { topics: topics.join(', ') });
    }
  }
}

/** Every problem as a bullet list, so the user fixes them all in one go. */
export function problemList(problems: readonly Problem[], tr: Translate): string {
  return problems.map((p) => `• ${problemText(p, tr)}`).join('\n');
}
