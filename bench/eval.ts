// `npm run eval`: every quality evaluation in one run, section after section. Each section skips with a
// message when the shared corpora are absent. Add a section by adding a line here.
import { run as topics } from './eval-topics.ts';
import { run as search } from './eval-search.ts';
import { run as summaries } from './eval-summaries.ts';

const SECTIONS: { name: string; run: () => Promise<void> }[] = [
  { name: 'Topics (Vietnamese plain text vs blind labels)', run: topics },
  { name: 'Search (bot vs MiniSearch BM25, graded judgments)', run: search },
  { name: 'Summaries (ROUGE vs newsroom leads)', run: summaries },
];

for (const section of SECTIONS) {
  console.log(`\n=== ${section.name} ===\n`);
  await section.run();
}
