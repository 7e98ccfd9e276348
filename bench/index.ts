// `npm run bench`: every benchmark in one go, or only those named (`npm run bench -- corpus summaries`).
// Each bench module exports `run()` and prints its own figures beside a baseline measured in the same process.
const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  corpus: () => import('./corpus.ts'),
  build: () => import('./build.ts'),
  load: () => import('./load.ts'),
  search: () => import('./search-latency.ts'),
  summaries: () => import('./summaries.ts'),
  fanout: () => import('./fanout.ts'),
  sources: () => import('./sources.ts'),
  incremental: () => import('./incremental.ts'),
  snapshot: () => import('./snapshot.ts'),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length) {
  console.error(`Unknown bench: ${unknown.join(', ')}. Known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  console.log(`\n=== bench: ${name}`);
  const { run } = await benches[name]!();
  await run();
}
