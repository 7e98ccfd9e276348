// Discord's message markdown, parsed the way the Discord client reads it (its simple-markdown rules), into a
// small tree that render.js turns into DOM nodes. Pure: no DOM here, so Node tests import it directly.
// Code (inline and blocks) is taken first and kept verbatim; `*` emphasis needs a non-space after the opening
// and before the closing star (so `61 * * * *` stays as typed); `_` emphasis needs a non-word character on both
// outer sides (so snake_case_names stay as they are).

/** Tried in order at each position; the first that matches wins. `node` builds the tree node from the match. */
const INLINE = [
  { re: /```(?:([\w+\-.#]+?)\n)?\n*([^\n][\s\S]*?)\n*```/y, node: (m) => ({ type: 'codeblock', lang: m[1] ?? '', text: m[2] }) },
  { re: /(`+)([\s\S]*?[^`])\1(?!`)/y, node: (m) => ({ type: 'code', text: m[2] }) },
  { re: /\\([^0-9A-Za-z\s])/y, node: (m) => ({ type: 'text', text: m[1] }) },
  { re: /<(https?:\/\/[^\s>]+)>/y, node: (m) => ({ type: 'link', url: m[1], children: [{ type: 'text', text: m[1] }] }) },
  { re: /\[([^\]\n]+)\]\(\s*<?(https?:\/\/[^\s)>]+)>?\s*\)/y, node: (m, parse) => ({ type: 'link', url: m[2], children: parse(m[1]) }) },
  { re: /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/y, node: (m) => ({ type: 'link', url: m[0], children: [{ type: 'text', text: m[0] }] }) },
  { re: /<@!?(\d+)>/y, node: (m) => ({ type: 'mention', kind: 'user', id: m[1] }) },
  { re: /<@&(\d+)>/y, node: (m) => ({ type: 'mention', kind: 'role', id: m[1] }) },
  { re: /<#(\d+)>/y, node: (m) => ({ type: 'mention', kind: 'channel', id: m[1] }) },
  { re: /@(everyone|here)\b/y, node: (m) => ({ type: 'mention', kind: 'everyone', id: m[1] }) },
  { re: /<t:(-?\d+)(?::([tTdDfFR]))?>/y, node: (m) => ({ type: 'time', unix: Number(m[1]), style: m[2] ?? 'f' }) },
  { re: /<(a?):(\w+):(\d+)>/y, node: (m) => ({ type: 'emoji', name: m[2], id: m[3], animated: m[1] === 'a' }) },
  { re: /\*\*((?:\\[\s\S]|[^\\])+?)\*\*(?!\*)/y, node: (m, parse) => ({ type: 'strong', children: parse(m[1]) }) },
  { re: /__((?:\\[\s\S]|[^\\])+?)__(?!_)/y, node: (m, parse) => ({ type: 'underline', children: parse(m[1]) }) },
  { re: /\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)/y, node: (m, parse) => ({ type: 'em', children: parse(m[1]) }) },
  { re: /_((?:__|\\[\s\S]|[^\\_])+?)_(?![0-9A-Za-z_])/y, wordStart: true, node: (m, parse) => ({ type: 'em', children: parse(m[1]) }) },
  { re: /~~([\s\S]+?)~~/y, node: (m, parse) => ({ type: 'strike', children: parse(m[1]) }) },
  { re: /\|\|([\s\S]+?)\|\|/y, node: (m, parse) => ({ type: 'spoiler', children: parse(m[1]) }) },
  { re: /\n/y, node: () => ({ type: 'br' }) },
];

/** Only at the start of a line: headings (`# `…`### `), subtext (`-# `), quotes (`> ` lines, `>>> ` to the end). */
const LINE_START = [
  { re: /(#{1,3}) +([^\n]+)\n?/y, node: (m, parse) => ({ type: 'heading', level: m[1].length, children: parse(m[2]) }) },
  { re: /-# +([^\n]+)\n?/y, node: (m, parse) => ({ type: 'subtext', children: parse(m[1]) }) },
  { re: />>> ([\s\S]*)/y, quote: true, node: (m, parse) => ({ type: 'blockquote', children: parse(m[1]) }) },
  { re: /(?:> [^\n]*(?:\n|$))+/y, quote: true, node: (m, parse) => ({ type: 'blockquote', children: parse(m[0].replace(/^> /gm, '').replace(/\n$/, '')) }) },
];

/** Plain text runs up to the next character (or URL) that may start a rule. */
const TEXT = /[\s\S]+?(?=[\\`*_~|<[@\n]|https?:\/\/|$)/y;
const WORD = /[0-9A-Za-z_]/;

/** Parses `text` into nodes: { type: 'text'|'br'|'strong'|'em'|'underline'|'strike'|'spoiler'|'code'|'codeblock'|'link'|'mention'|'time'|'emoji'|'heading'|'subtext'|'blockquote', … }. */
export function parseMarkdown(text) {
  return parse(String(text ?? ''), { inQuote: false });
}

function parse(source, context) {
  const out = [];
  const inner = (text) => parse(text, context);
  const quoted = (text) => parse(text, { inQuote: true });
  let at = 0;
  while (at < source.length) {
    const lineStart = at === 0 || source[at - 1] === '\n';
    const match = (lineStart ? first(LINE_START, source, at, context) : undefined) ?? first(INLINE, source, at, context);
    if (match) {
      out.push(match.rule.node(match.m, match.rule.quote ? quoted : inner));
      at += match.m[0].length;
      continue;
    }
    TEXT.lastIndex = at;
    const text = TEXT.exec(source)?.[0] ?? source[at];
    const last = out.at(-1);
    if (last?.type === 'text') last.text += text;
    else out.push({ type: 'text', text });
    at += text.length;
  }
  return out;
}

function first(rules, source, at, context) {
  for (const rule of rules) {
    if (rule.quote && context.inQuote) continue;
    // `_` opens emphasis only after a non-word character: snake_case_names are not italic.
    if (rule.wordStart && at > 0 && WORD.test(source[at - 1])) continue;
    rule.re.lastIndex = at;
    const m = rule.re.exec(source);
    if (m && m[0].length > 0) return { rule, m };
  }
  return undefined;
}
