// Every `newsbot` subcommand, in the order `newsbot --help` lists them.
import type { CliCommand } from './command.ts';
import { start } from './start.ts';
import { deployCommandsCli } from './deploy-commands.ts';
import { corpusCheck } from './corpus-check.ts';
import { corpusDiff } from './corpus-diff.ts';
import { news } from './news.ts';
import { search } from './search.ts';
import { show } from './show.ts';
import { summaryCommand } from './summary.ts';

export const commands: CliCommand[] = [start, deployCommandsCli, summaryCommand, corpusCheck, corpusDiff, news, search, show];
