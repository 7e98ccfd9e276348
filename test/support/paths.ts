// Where the repository, its seeds and the shared real corpora are. The shared corpora live beside the
// repository (../shared) and are absent on some machines: tests that read them skip, saying so.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const seedsDir = join(repoRoot, 'seeds');
export const sharedCorpus = resolve(repoRoot, '..', 'shared', 'corpus');
export const enCorpus = join(sharedCorpus, 'en');
export const viCorpus = join(sharedCorpus, 'vi');
export const enPresent = existsSync(enCorpus);
export const viPresent = existsSync(viCorpus);
export const sharedPresent = enPresent && viPresent;
