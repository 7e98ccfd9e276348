// Bytes → text for one corpus file: binary files are refused, anything else becomes clean NFC text with
// LF line ends, and every repair (BOM, bad UTF-8, UTF-16) is reported rather than silent.
import { isUtf8 } from 'node:buffer';

export type Decoded = { text: string; warnings: string[] } | { skip: string };

const LENIENT_UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const UTF16LE = new TextDecoder('utf-16le');
const UTF16BE = new TextDecoder('utf-16be');
/** Control characters other than tab, LF, FF and CR: a text file has next to none. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/g;
const CONTROL_TEST = /[\u0000-\u0008\u000b\u000e-\u001f]/;
const COMBINING = /[\u0300-\u036f]/;
/** UTF-8 lead bytes of U+0300–U+037F: without them a UTF-8 file holds no combining accent to compose. */
const COMBINING_LEADS = [0xcc, 0xcd];

export function decodeFile(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { skip: 'empty file' };
  const warnings: string[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let text: string;
  let mayHaveCombining = true;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = UTF16LE.decode(bytes.subarray(2));
    warnings.push('decoded as UTF-16LE (byte order mark)');
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = UTF16BE.decode(bytes.subarray(2));
    warnings.push('decoded as UTF-16BE (byte order mark)');
  } else {
    if (buffer.indexOf(0) !== -1) return { skip: 'binary file (contains NUL bytes)' };
    if (isUtf8(buffer)) {
      text = buffer.toString('utf8');
      mayHaveCombining = COMBINING_LEADS.some((lead) => buffer.indexOf(lead) !== -1);
    } else {
      text = LENIENT_UTF8.decode(bytes);
      const replaced = text.match(/\ufffd/g)?.length ?? 0;
      warnings.push(`not valid UTF-8: ${replaced} byte sequence(s) replaced with U+FFFD`);
    }
  }
  // Each check is a cheap test first (on the bytes where it can be): most files need no repair at all.
  const controls = CONTROL_TEST.test(text) ? (text.match(CONTROL)?.length ?? 0) : 0;
  if (controls > 0 && controls > text.length / 100) return { skip: `binary file (${controls} control characters)` };
  if (controls > 0) {
    text = text.replace(CONTROL, '');
    warnings.push(`${controls} stray control character(s) removed`);
  }
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  // Decomposed accents (e + U+0301) would defeat matching and display: compose them.
  if (mayHaveCombining && COMBINING.test(text)) text = text.normalize('NFC');
  if (text.trim() === '') return { skip: 'empty file (whitespace only)' };
  return { text, warnings };
}
