// The page's markdown parser (plain JS served to the browser), read as the Discord client reads messages.
import { describe, expect, it } from 'vitest';
import { parseMarkdown, type MarkdownNode } from '../../src/playground/public/markdown.js';

/** The nodes as compact text, e.g. `em(really)`, to compare whole trees at a glance. */
function show(nodes: MarkdownNode[]): string {
  return nodes.map((n) => {
    switch (n.type) {
      case 'text': return n.text;
      case 'br': return '⏎';
      case 'code': return `code(${n.text})`;
      case 'codeblock': return `codeblock[${n.lang}](${n.text})`;
      case 'mention': return `${n.kind}(${n.id})`;
      case 'time': return `time(${n.unix},${n.style})`;
      case 'emoji': return `emoji(${n.name})`;
      case 'link': return `link[${n.url}](${show(n.children)})`;
      case 'heading': return `h${n.level}(${show(n.children)})`;
      default: return `${n.type}(${show(n.children)})`;
    }
  }).join('');
}
const md = (text: string) => show(parseMarkdown(text));

describe('parseMarkdown', () => {
  it('keeps stars that are not emphasis: a cron expression stays as typed', () => {
    expect(md('“61 * * * *” is not a valid cron schedule')).toBe('“61 * * * *” is not a valid cron schedule');
    expect(md('every 5 min: */5 * * * *')).toBe('every 5 min: */5 * * * *');
    expect(md('*really* and **bold** and ***both***')).toBe('em(really) and strong(bold) and strong(em(both))');
  });

  it('keeps code verbatim, whatever it holds', () => {
    expect(md('on `61 * * * *` (UTC)')).toBe('on code(61 * * * *) (UTC)');
    expect(md('`__init__` and `<#123>` and ``a ` b``')).toBe('code(__init__) and code(<#123>) and code(a ` b)');
    expect(md('```js\nconst a_b = 2 * 3 * 4;\n```')).toBe('codeblock[js](const a_b = 2 * 3 * 4;)');
    expect(md('“61 * * * *” is wrong, e.g. `0 9 * * *` (09:00 *daily*)')).toBe('“61 * * * *” is wrong, e.g. code(0 9 * * *) (09:00 em(daily))');
  });

  it('reads underscores inside words as text, and _word_ between spaces as emphasis', () => {
    expect(md('snake_case_names and Asia/Ho_Chi_Minh')).toBe('snake_case_names and Asia/Ho_Chi_Minh');
    expect(md('an _italic_ word, __underlined__')).toBe('an em(italic) word, underline(underlined)');
    expect(md('my_feed_id _x_y')).toBe('my_feed_id _x_y');
  });

  it('turns mentions, timestamps and custom emoji into their own nodes', () => {
    expect(md('<#1577> <@&42> <@7> <@!8> @everyone')).toBe('channel(1577) role(42) user(7) user(8) everyone(everyone)');
    expect(md('next: <t:1767225600:f>, <t:1767225600>, <t:1767225600:R>')).toBe('next: time(1767225600,f), time(1767225600,f), time(1767225600,R)');
    expect(md('<:newsbot:99>')).toBe('emoji(newsbot)');
    expect(md('<#abc> is not a mention')).toBe('<#abc> is not a mention');
  });

  it('links: masked, bracketed and bare http(s) URLs only', () => {
    expect(md('[AI news](https://example.com/a_b) and <https://x.org> and https://y.org/p.')).toBe(
      'link[https://example.com/a_b](AI news) and link[https://x.org](https://x.org) and link[https://y.org/p](https://y.org/p).',
    );
    expect(md('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
  });

  it('escapes, strikes, spoilers and line breaks', () => {
    expect(md('\\*not italic\\* ~~gone~~ ||secret||\nnext')).toBe('*not italic* strike(gone) spoiler(secret)⏎next');
  });

  it('reads headings, subtext and quotes only at the start of a line', () => {
    expect(md('# Title\n## Sub\ntext # not a heading')).toBe('h1(Title)h2(Sub)text # not a heading');
    expect(md('-# small print')).toBe('subtext(small print)');
    expect(md('> quoted **line**\n> second\nafter')).toBe('blockquote(quoted strong(line)⏎second)after');
    expect(md('>>> all\nof this')).toBe('blockquote(all⏎of this)');
    expect(md('#hashtag')).toBe('#hashtag');
  });
});
