// What a user typed, quoted back in a reply: on one line, defused, and short. A reply over Discord's 2,000
// characters is rejected whole, so an echoed 6,000-character value would turn a helpful refusal into an error.
import { truncate } from '../text/truncate.ts';
import { neutralizeMentions } from './embeds.ts';

/** Longest echo of one value; enough to recognise what was typed. */
export const ECHO_MAX = 100;

export function echo(text: string, max = ECHO_MAX): string {
  return neutralizeMentions(truncate(text.replace(/\s+/g, ' ').trim(), max));
}

/** Discord's limit on a message's content. */
export const CONTENT_MAX = 2000;
