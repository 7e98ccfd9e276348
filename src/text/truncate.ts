// Cutting text to a length budget (Discord's field limits, summary budgets) without leaving broken characters.

export interface TruncateOptions {
  /** Back up to the last space when that keeps more than half of the budget (summaries read better whole-word). */
  atWord?: boolean;
}

/** `text` cut to at most `max` UTF-16 units, ending with "…" when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number, options: TruncateOptions = {}): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  // A high surrogate at the end is half an emoji (or rare CJK character): drop it with its missing pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  if (options.atWord) {
    const space = cut.lastIndexOf(' ');
    if (space > max / 2) cut = cut.slice(0, space);
  }
  return `${cut.trimEnd()}…`;
}
