#!/usr/bin/env node
// The `newsbot` CLI. tsx compiles the TypeScript sources on the fly: `npx newsbot` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
