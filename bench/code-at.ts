// A version of the code a bench measures: this checkout's, or a baseline checkout's (BENCH_BASELINE, its src
// folder), each with its own loader, taxonomy and build, so a figure and its baseline do the same work.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/types.ts';
import type { Taxonomy } from '../src/corpus/taxonomy.ts';
import type { defaultTaxonomy, loadCorpus } from '../src/corpus/load.ts';
import type { CorpusIndex } from '../src/index/corpus-index.ts';

export type Build = typeof CorpusIndex.build;

/**
 * A version of the code measured: its own loader, taxonomy and build. Each version builds the articles its own
 * loader made: a lazy body is marked by module-private symbols, so another version's copy of an article read
 * its body into the heap. And with a baseline both keep their bodies in the heap: a lazy body is an accessor,
 * and V8 keeps one accessor per key and hidden class, so the second version's articles (same keys, its own
 * getter) became slow dictionaries (stories 0.73× in a comparison of this code with itself, index +62 MB).
 */
export interface Code {
  load: (dirs: string[]) => Promise<Article[]>;
  taxonomy: Taxonomy;
  build: Build;
}

/** This checkout's code, or the one whose src folder is `src`; `spillBodies` as loadCorpus takes it (undefined: its default). */
export async function codeAt(src: string | undefined, spillBodies: boolean | undefined): Promise<Code> {
  const missing = src && ['taxonomy', 'tsconfig.json', 'package.json', 'node_modules'].filter((name) => !existsSync(join(resolve(src), '..', name)));
  if (missing && missing.length > 0) {
    throw new Error(`BENCH_BASELINE=${src}: its checkout has no ${missing.join(', ')}; make it with \`git archive <commit> src taxonomy tsconfig.json package.json | tar -x -C <dir>\` and link node_modules into <dir>`);
  }
  const from = (path: string): string => pathToFileURL(join(resolve(src ?? join(import.meta.dirname, '..', 'src')), path)).href;
  const loading = (await import(from('corpus/load.ts'))) as { loadCorpus: typeof loadCorpus; defaultTaxonomy: typeof defaultTaxonomy };
  const { CorpusIndex: Index } = (await import(from('index/corpus-index.ts'))) as { CorpusIndex: typeof CorpusIndex };
  const taxonomy = await loading.defaultTaxonomy();
  return { load: async (dirs) => (await loading.loadCorpus(dirs, { taxonomy, spillBodies })).articles, taxonomy, build: (articles, taxonomy, mark) => Index.build(articles, taxonomy, mark) };
}
