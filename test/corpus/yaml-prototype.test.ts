// `__proto__` in front matter: the fast YAML path and the full parser (taken when the YAML leaves the fast
// path's subset) must read the same file the same way, and neither may hand an article inherited fields.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { parseFrontMatter } from '../../src/corpus/front-matter.ts';
import { parseSimpleYaml } from '../../src/corpus/simple-yaml.ts';
import { corpusDir } from './helpers.ts';

/** A flow list is outside the fast subset: appended, it sends the same fields through the full parser. */
const FULL_PARSER_ONLY = 'tags: [x, y]';

const CASES: Record<string, string> = {
  'block under __proto__ only': '__proto__:\n  title: Inherited title\n  heat: 99\n  originalUrl: https://evil.example/x',
  'block under __proto__ beside real fields': 'title: Real title\nheat: 5\n__proto__:\n  heat: 99\n  originalUrl: https://evil.example/x',
  'scalar __proto__': 'title: Scalar case\n__proto__: 7',
  '__proto__ inside a list item': 'title: List case\nimages:\n  - __proto__:\n      url: https://evil.example/i.png\n    alt: x',
};

function outcome(load: Awaited<ReturnType<typeof loadCorpus>>, name: string) {
  const article = load.articles.find((a) => a.source.endsWith(name));
  if (article) return { title: article.title, heat: article.heat, url: article.url, image: article.image };
  return { skipped: load.skipped.find((s) => s.path.endsWith(name))?.reason.replace(/line \d+/, 'line N') };
}

describe('__proto__ in front matter', () => {
  it('reads the same through the fast path and the full parser, inheriting nothing', async () => {
    const fastFiles: Record<string, string> = {};
    const fullFiles: Record<string, string> = {};
    for (const [i, yaml] of Object.values(CASES).entries()) {
      fastFiles[`case-${i}.md`] = `---\n${yaml}\n---\nBody words about story ${i}.`;
      fullFiles[`case-${i}.md`] = `---\n${yaml}\n${FULL_PARSER_ONLY}\n---\nBody words about story ${i}.`;
    }
    const [fast, full] = await Promise.all([loadCorpus([corpusDir(fastFiles)]), loadCorpus([corpusDir(fullFiles)])]);
    for (const [i, name] of Object.keys(CASES).entries()) {
      const read = outcome(fast, `case-${i}.md`);
      expect(read, name).toEqual(outcome(full, `case-${i}.md`));
      expect(JSON.stringify(read), name).not.toMatch(/Inherited|evil\.example|99/);
    }
    // Without a title field the title comes from the body, as for any such file.
    expect(outcome(fast, 'case-0.md')).toMatchObject({ title: 'Body words about story 0.', url: null });
    expect(outcome(fast, 'case-1.md')).toMatchObject({ title: 'Real title', heat: 5, url: null });
  });

  it('gives null-prototype data without a __proto__ key on both paths', () => {
    for (const [name, yaml] of Object.entries(CASES)) {
      const fast = parseSimpleYaml(yaml);
      const full = parseFrontMatter(`${yaml}\n${FULL_PARSER_ONLY}`);
      expect(fast, name).toBeDefined();
      expect('data' in full, name).toBe(true);
      for (const data of [fast!, (full as { data: Record<string, unknown> }).data]) {
        expect(Object.getPrototypeOf(data), name).toBeNull();
        expect(Object.hasOwn(data, '__proto__'), name).toBe(false);
        expect(JSON.stringify(data), name).not.toContain('evil.example');
      }
    }
  });
});
