// Every `newsbot` subcommand, in the order `newsbot --help` lists them.
import type { CliCommand } from './command.ts';

export const commands: CliCommand[] = [];
