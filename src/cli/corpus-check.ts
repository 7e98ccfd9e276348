// `newsbot corpus check`: load the corpus and report what loaded, what was skipped and why.
import type { CliCommand } from './command.ts';
import { countTable, loadForCli } from './corpus-options.ts';
import type { Style } from './terminal.ts';

interface CheckReport {
  files: number;
  loaded: number;
  skipped: { path: string; reason: string }[];
  duplicates: number;
  languages: Record<string, number>;
  topics: Record<string, number>;
  warnings: { path: string; line?: number; message: string }[];
}

export const corpusCheck: CliCommand = {
  help: [
    'Usage: newsbot corpus check [--corpus DIR]... [--json]',
    '',
    'Reads every .md, .markdown, .txt and extension-less file under each DIR (recursively), decides each',
    "file's shape by its content, and reports:",
    '  files, loaded (files that became articles), skipped [{path, reason}], duplicates (files merged into',
    '  another article with the same URL), languages {code: n}, topics {name: n}, warnings [{path, line, message}].',
    'Exit 0 even when files are skipped; exit 2 when a directory does not exist.',
    'Env: TOPICS_FILE extends the topic taxonomy; CORPUS_MAX_FILE_BYTES caps file size (default 1048576).',
  ].join('\n'),
  run: async (ctx) => {
    const { load } = await loadForCli(ctx);
    const languages: Record<string, number> = {};
    const topics: Record<string, number> = {};
    for (const article of load.articles) {
      languages[article.language] = (languages[article.language] ?? 0) + 1;
      for (const topic of article.topics) topics[topic] = (topics[topic] ?? 0) + 1;
    }
    const report: CheckReport = {
      files: load.files,
      loaded: load.files - load.skipped.length,
      skipped: load.skipped,
      duplicates: load.duplicates,
      languages,
      topics: Object.fromEntries(Object.entries(topics).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
      warnings: load.warnings,
    };
    ctx.emit(report, human);
    return 0;
  },
};

function human(report: CheckReport, style: Style): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    style.bold(
      `${count(report.files, 'file', 'files')}: ${report.loaded} loaded, ${report.skipped.length} skipped, ` +
        `${count(report.duplicates, 'duplicate', 'duplicates')} merged`,
    ),
    '',
    'languages:',
    ...countTable(report.languages, style),
    '',
    'topics:',
    ...(Object.keys(report.topics).length ? countTable(report.topics, style) : ['  none']),
  ];
  if (report.skipped.length) lines.push('', style.red('skipped:'), ...report.skipped.map((s) => `  ${s.path}: ${s.reason}`));
  if (report.warnings.length) {
    lines.push('', style.yellow('warnings:'), ...report.warnings.map((w) => `  ${w.path}${w.line === undefined ? '' : `:${w.line}`}: ${w.message}`));
  }
  return lines.join('\n');
}
