#!/usr/bin/env node
// Runs a TypeScript entry point through tsx, so no build step is needed after `npm ci`. The benches run here:
// with huge pages where the bot has them too (huge-pages.js), so they measure what it serves with.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { relaunchWithHugePages } from './huge-pages.js';

const relaunched = await relaunchWithHugePages();
if (relaunched !== undefined) process.exit(relaunched);
const { register } = await import('tsx/esm/api');
register();
const [entry, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(resolve(entry)).href);
