import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/text/truncate.ts';

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('x'.repeat(300), 256);
    expect(cut).toHaveLength(256);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never leaves half of a surrogate pair', () => {
    const emoji = '😀'.repeat(200);
    const cut = truncate(emoji, 101);
    expect(cut.length).toBeLessThanOrEqual(101);
    expect(cut.slice(0, -1)).toMatch(/^(😀)+$/u);
  });

  it('with atWord, ends at the last whole word when that keeps more than half', () => {
    expect(truncate('Markets rallied after the central bank held rates', 30, { atWord: true })).toBe('Markets rallied after the…');
    // one long word: cutting back to a space would lose most of the budget, so it cuts inside the word
    expect(truncate(`Go ${'x'.repeat(40)}`, 20, { atWord: true })).toBe(`Go ${'x'.repeat(16)}…`);
  });
});
