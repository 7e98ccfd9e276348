// Topic autocomplete ranks by how well a topic matches what was typed, then by article count.
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/types.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { topicChoices, topicListChoices } from '../../src/discord/choices.ts';

/** `count` articles on `topic`. */
function articles(topic: string, count: number): Article[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${topic}-${i}`, title: `${topic} ${i}`, excerpt: '', body: '', url: null, publishedAt: null, provider: { name: null, domain: null },
    topics: [topic], topicScores: { [topic]: 1 }, heat: 50, quality: null, language: 'en', type: 'article', image: null, source: `${topic}-${i}.md`,
  }));
}

// Counts as in the real corpus's shape: the big topics are not the ones people type.
const index = CorpusIndex.build([
  ...articles('Power Apps', 60), ...articles('Azure', 40), ...articles('AI Builder', 30), ...articles('Data & AI', 25),
  ...articles('Microsoft Teams', 20), ...articles('AI', 5), ...articles('Bóng đá', 4), ...articles('Bóng rổ', 9),
]);
const names = (typed: string) => topicChoices(index, typed).map((c) => c.value);

describe('topic autocomplete', () => {
  it('puts the exact match first, then prefix matches, then word-prefix matches, by count within each', () => {
    expect(names('ai')).toEqual(['AI', 'AI Builder', 'Data & AI']);
    expect(names('AI')[0]).toBe('AI');
    expect(names('A')).toEqual(['Azure', 'AI Builder', 'AI', 'Power Apps', 'Data & AI']);
    expect(names('team')).toEqual(['Microsoft Teams']);
  });

  it('finds Vietnamese topics typed without marks, the exact one first', () => {
    expect(names('bong da')).toEqual(['Bóng đá']);
    expect(names('bong')).toEqual(['Bóng rổ', 'Bóng đá']);
    expect(names('BONG ĐA')).toEqual(['Bóng đá']);
  });

  it('lists every topic by count when nothing is typed, and completes the last item of a list', () => {
    expect(names('')).toEqual(['Power Apps', 'Azure', 'AI Builder', 'Data & AI', 'Microsoft Teams', 'Bóng rổ', 'AI', 'Bóng đá']);
    expect(topicListChoices(index, 'Azure, ai').map((c) => c.value)).toEqual(['Azure, AI', 'Azure, AI Builder', 'Azure, Data & AI']);
  });
});
