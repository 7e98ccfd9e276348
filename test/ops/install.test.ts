// The README's `npm ci` must be fast on a fresh machine: no dependency may compile native code at install time
// (node-gyp builds take minutes here, and a binary downloaded from outside the npm registry cannot be fetched).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';

interface LockPackage {
  hasInstallScript?: boolean;
  optional?: boolean;
}

// esbuild's install script only checks that its platform package (shipped in the registry) is present.
const ALLOWED_INSTALL_SCRIPTS = new Set(['node_modules/esbuild']);

describe('installing', () => {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

  it('has no dependency that runs an install script (native builds), except the allowed ones', () => {
    const scripted = Object.entries(lock.packages)
      .filter(([path, pkg]) => path !== '' && pkg.hasInstallScript && !ALLOWED_INSTALL_SCRIPTS.has(path))
      .map(([path]) => path);
    expect(scripted).toEqual([]);
  });

  it('gets SQLite from libsql, whose Linux binary ships inside a registry package', () => {
    expect(lock.packages['node_modules/libsql']).toBeDefined();
    expect(lock.packages['node_modules/@libsql/linux-x64-gnu']).toMatchObject({ optional: true });
  });
});
