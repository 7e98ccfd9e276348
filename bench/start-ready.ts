// Time to ready of the bot's start path, without Discord: this process loads the modules `newsbot start`
// loads with a token (src/cli/start.ts, then src/bot.ts: discord.js, delivery, storage) and opens the corpus as src/bot.ts opens it (taxonomy,
// one FolderSource per folder, CorpusHolder.open with DATA_DIR/corpus-snapshot, restored in the background),
// then prints one JSON line: the milliseconds since it was launched, the article count, and how long a
// first `/news`-like command (topic lookup + search) took right then. bench/snapshot.ts runs it.
//
//   DATA_DIR=data node bin/run-ts.js bench/start-ready.ts DIR...
import { join, resolve } from 'node:path';

await import('../src/cli/start.ts');
await import('../src/bot.ts');
const { readTaxonomy, taxonomyFiles } = await import('../src/corpus/taxonomy.ts');
const { CorpusHolder } = await import('../src/index/corpus-holder.ts');
const { SNAPSHOT_DIR } = await import('../src/index/snapshot/corpus-snapshot.ts');
const { FolderSource } = await import('../src/sources/folder-source.ts');

const dir = join(resolve(process.env.DATA_DIR ?? 'data'), SNAPSHOT_DIR);
const taxonomy = await readTaxonomy(taxonomyFiles(process.env), { cacheDir: dir });
const dirs = process.argv.slice(2);
const snapshot = { dir, log: (line: string) => console.error(line), warmInBackground: true };
const holder = await CorpusHolder.open(dirs.map((dir) => new FolderSource(dir, { taxonomy })), { taxonomy, snapshot });
// From the launch bench/snapshot.ts made (BENCH_LAUNCHED_AT), so a relaunch with huge pages (bin/huge-pages.js) counts.
const launchedAt = Number(process.env.BENCH_LAUNCHED_AT);
const readyMs = Number.isFinite(launchedAt) ? performance.timeOrigin + performance.now() - launchedAt : performance.now();
const index = holder.current;
const topic = index.topics()[0]?.name ?? '';
index.byTopic(topic, { limit: 10 });
index.search(topic, { limit: 10 });
console.log(JSON.stringify({ readyMs, articles: index.size, firstCommandMs: performance.now() - readyMs }));
process.exit(0);
