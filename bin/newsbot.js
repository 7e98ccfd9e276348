#!/usr/bin/env node
// The `newsbot` CLI. tsx compiles the TypeScript sources on the fly: `npx newsbot` works right after `npm ci`.
// `start` runs for days with the index in memory: it relaunches once with huge pages where that helps
// (huge-pages.js); one-shot commands run as they are.
import { relaunchWithHugePages } from './huge-pages.js';

const relaunched = process.argv[2] === 'start' ? await relaunchWithHugePages() : undefined;
if (relaunched !== undefined) process.exit(relaunched);
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
