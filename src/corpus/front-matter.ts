// Shape detection and front matter extraction. A file is front matter + body when its first line is `---`,
// whatever its name; the YAML goes through the fast subset parser and, when it leaves that subset,
// through gray-matter (its js-yaml engine), without gray-matter's content-keyed cache.
import matter from 'gray-matter';
import { parseSimpleYaml, yamlData, type YamlValue } from './simple-yaml.ts';

export type FrontMatterSplit =
  | { kind: 'plain' }
  | { kind: 'front-matter'; yaml: string; body: string; bodyLine: number }
  | { kind: 'unclosed' };

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/** Splits `text` (LF line ends, no BOM) into YAML and body, or says it is plain text. */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const open = OPEN.exec(text);
  if (!open) return { kind: 'plain' };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { kind: 'unclosed' };
  const yaml = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length + 1);
  return { kind: 'front-matter', yaml, body, bodyLine: countLines(yaml) + 3 };
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

export type ParsedYaml = { data: Record<string, YamlValue> } | { error: string; line?: number };

/** Parses front matter YAML; `line` of an error is the file's line (the opening `---` is line 1). */
export function parseFrontMatter(yaml: string): ParsedYaml {
  const fast = parseSimpleYaml(yaml);
  if (fast) return { data: fast };
  try {
    // Options (even empty) turn gray-matter's cache off: it would keep every file's text alive.
    const data: unknown = matter(`---\n${yaml}\n---\n`, {}).data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { error: 'front matter is not a mapping of fields' };
    return { data: yamlData(data) as Record<string, YamlValue> };
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return mark?.line === undefined ? { error: `invalid YAML: ${reason}` } : { error: `invalid YAML: ${reason}`, line: mark.line + 1 };
  }
}
