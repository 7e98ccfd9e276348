// A fast parser for the YAML that front matter actually uses: `key: scalar`, nested maps and lists by
// indentation, quoted strings. js-yaml (through gray-matter) costs ~30 µs a seed-sized block and `yaml` ~200 µs;
// this costs a few. Anything beyond that subset (flow collections, block scalars, anchors, tags, multi-line
// plain scalars) returns undefined and the caller falls back to the full parser, so nothing is ever misread.
// Both paths give the same data (yamlData below): maps without a prototype, and no `__proto__` key, which
// would otherwise let a file hand its article inherited fields.

export type YamlValue = string | number | boolean | null | Date | YamlValue[] | { [key: string]: YamlValue };

class Unsupported extends Error {}

/** The one key that is never a field: on a plain object, assigning it replaces the prototype. */
const PROTOTYPE_KEY = '__proto__';

function emptyMap(): Record<string, YamlValue> {
  return Object.create(null) as Record<string, YamlValue>;
}

/** Parsed YAML (e.g. the full parser's) in the fast parser's shape: null-prototype maps, `__proto__` keys dropped. */
export function yamlData(value: unknown): YamlValue {
  if (Array.isArray(value)) return value.map(yamlData);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value as YamlValue;
  const map = emptyMap();
  for (const [key, item] of Object.entries(value)) if (key !== PROTOTYPE_KEY) map[key] = yamlData(item);
  return map;
}

interface Line {
  indent: number;
  text: string;
}

/** The parsed mapping, or undefined when the source leaves the simple subset. */
export function parseSimpleYaml(source: string): Record<string, YamlValue> | undefined {
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const text = raw.trimEnd();
    const content = text.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    if (text.includes('\t')) return undefined;
    lines.push({ indent: text.length - content.length, text: content });
  }
  try {
    const cursor = { at: 0 };
    const result = parseMap(lines, cursor, 0);
    if (cursor.at !== lines.length) return undefined;
    return result;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function parseBlock(lines: Line[], cursor: { at: number }, indent: number): YamlValue {
  const first = lines[cursor.at];
  if (!first || first.indent < indent) return null;
  return first.text.startsWith('- ') || first.text === '-' ? parseList(lines, cursor, first.indent) : parseMap(lines, cursor, first.indent);
}

function parseMap(lines: Line[], cursor: { at: number }, indent: number): Record<string, YamlValue> {
  const map = emptyMap();
  while (cursor.at < lines.length) {
    const line = lines[cursor.at]!;
    if (line.indent < indent) break;
    if (line.indent > indent) throw new Unsupported();
    cursor.at += 1;
    assignEntry(map, line.text, lines, cursor, indent);
  }
  return map;
}

/** `key: value` or `key:` followed by a more indented block (or a same-indent list, which YAML allows). */
function assignEntry(map: Record<string, YamlValue>, text: string, lines: Line[], cursor: { at: number }, indent: number): void {
  const { key, rest } = splitKey(text);
  const next = lines[cursor.at];
  const sameIndentList = next !== undefined && next.indent === indent && next.text.startsWith('- ');
  const value = rest !== '' ? scalar(rest) : next && (next.indent > indent || sameIndentList) ? parseBlock(lines, cursor, sameIndentList ? indent : indent + 1) : null;
  if (key !== PROTOTYPE_KEY) map[key] = value;
}

function parseList(lines: Line[], cursor: { at: number }, indent: number): YamlValue[] {
  const list: YamlValue[] = [];
  while (cursor.at < lines.length) {
    const line = lines[cursor.at]!;
    if (line.indent < indent || !(line.text.startsWith('- ') || line.text === '-')) break;
    if (line.indent > indent) throw new Unsupported();
    cursor.at += 1;
    const item = line.text.slice(1).trimStart();
    if (item === '') {
      list.push(parseBlock(lines, cursor, indent + 1));
    } else if (looksLikeEntry(item)) {
      // "- key: value" opens a map whose other keys sit under `key`.
      const itemIndent = indent + line.text.length - item.length;
      const map = emptyMap();
      assignEntry(map, item, lines, cursor, itemIndent);
      Object.assign(map, parseMap(lines, cursor, itemIndent));
      list.push(map);
    } else {
      list.push(scalar(item));
    }
  }
  return list;
}

const KEY = /^([A-Za-z_][\w-]*):(?:\s+|$)/;

function looksLikeEntry(text: string): boolean {
  return KEY.test(text);
}

function splitKey(text: string): { key: string; rest: string } {
  const match = KEY.exec(text);
  if (!match) throw new Unsupported();
  return { key: match[1]!, rest: text.slice(match[0].length) };
}

const INTEGER = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)?)?$/;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

function scalar(text: string): YamlValue {
  const first = text[0];
  if (first === '"') return doubleQuoted(text);
  if (first === "'") return singleQuoted(text);
  if (/^[[{&*!|>%@`]/.test(text) || text.includes(': ') || text.includes(' #')) throw new Unsupported();
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~') return null;
  if (INTEGER.test(text)) return Number(text);
  if (FLOAT.test(text)) return Number(text);
  // Timestamps become Dates, as js-yaml makes them; other YAML 1.1 oddities (yes/no, .inf) are left to it.
  if (TIMESTAMP.test(text)) return timestamp(text);
  if (/^\d{4}-/.test(text) || /^(?:yes|no|on|off|y|n)$/i.test(text) || /^[-+]?\.(?:inf|nan)$/i.test(text)) {
    throw new Unsupported();
  }
  return text;
}

function doubleQuoted(text: string): string {
  if (!text.endsWith('"') || text.length < 2) throw new Unsupported();
  const inner = text.slice(1, -1);
  return inner.replace(/\\(.)|"/g, (match, escaped: string | undefined) => {
    if (escaped === undefined) throw new Unsupported();
    const replacement = ESCAPES[escaped];
    if (replacement === undefined) throw new Unsupported();
    return replacement;
  });
}

function singleQuoted(text: string): string {
  if (!text.endsWith("'") || text.length < 2) throw new Unsupported();
  const inner = text.slice(1, -1);
  if (/'(?!')/.test(inner.replace(/''/g, ''))) throw new Unsupported();
  return inner.replace(/''/g, "'");
}

/** YAML timestamps without a zone are UTC (js-yaml agrees); `new Date` would read them as local time. */
function timestamp(text: string): Date {
  const iso = text.replace(' ', 'T');
  return new Date(iso.length > 10 && !/(?:Z|[-+]\d\d:\d\d)$/.test(iso) ? `${iso}Z` : iso);
}
