// publishedAt: a date the file states, or the date a file name starts with (2019-08-19-title.md); never "now".
import { basename } from 'node:path';

const FILE_DATE = /^(\d{4})-(\d{2})-(\d{2})(?!\d)/;

/** ISO timestamp of a Date or date string, or undefined when it is not a real date. */
export function isoDate(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' && value.trim() !== '' ? new Date(value.trim()) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** Midnight UTC of the date a file name starts with, or null. */
export function dateFromFileName(path: string): string | null {
  const match = FILE_DATE.exec(basename(path));
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 2019-02-31 over to March: only a date that survives the round trip is real.
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) ? date.toISOString() : null;
}
