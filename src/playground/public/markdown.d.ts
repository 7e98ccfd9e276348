// Types of markdown.js (plain JS served to the browser as is), for the Node tests that import it.
export type MarkdownNode =
  | { type: 'text'; text: string }
  | { type: 'br' }
  | { type: 'code'; text: string }
  | { type: 'codeblock'; lang: string; text: string }
  | { type: 'strong' | 'em' | 'underline' | 'strike' | 'spoiler' | 'subtext' | 'blockquote'; children: MarkdownNode[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: MarkdownNode[] }
  | { type: 'link'; url: string; children: MarkdownNode[] }
  | { type: 'mention'; kind: 'user' | 'role' | 'channel' | 'everyone'; id: string }
  | { type: 'time'; unix: number; style: 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R' }
  | { type: 'emoji'; name: string; id: string; animated: boolean };

export function parseMarkdown(text: string | null | undefined): MarkdownNode[];
