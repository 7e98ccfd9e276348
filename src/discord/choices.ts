// Autocomplete suggestions. Discord shows at most 25 choices, names and values up to 100 characters.
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { CorpusIndex } from '../index/corpus-index.ts';
import { truncate } from '../text/truncate.ts';

const MAX_CHOICES = 25;
const CHOICE_MAX = 100;

type Choice = ApplicationCommandOptionChoiceData<string>;

/** Topics starting with (or matching) what was typed, with their article counts. */
export function topicChoices(index: CorpusIndex, typed: string): Choice[] {
  return index.suggestTopics(typed.trim(), MAX_CHOICES).map((t) => ({
    name: truncate(`${t.name} (${t.count})`, CHOICE_MAX),
    value: truncate(t.name, CHOICE_MAX),
  }));
}

/** Articles by title; the value is the article id, so the command gets exactly the one picked. */
export function articleChoices(index: CorpusIndex, typed: string): Choice[] {
  return index.suggestTitles(typed.trim(), MAX_CHOICES)
    .filter((a) => a.id.length <= CHOICE_MAX)
    .map((a) => ({ name: truncate(a.title.replace(/\s+/g, ' ').trim() || a.id, CHOICE_MAX), value: a.id }));
}

/** ICU (Node 20) lists these zones only under their legacy names; users know the current ones. */
const CURRENT_NAMES: Record<string, string> = {
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Enderbury': 'Pacific/Kanton',
};

let zones: string[] | undefined;

/** IANA timezones containing what was typed (case- and separator-insensitive), "Asia/Ho_Chi_Minh" for "ho chi". */
export function timezoneChoices(typed: string): Choice[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').map((z) => CURRENT_NAMES[z] ?? z)];
  const needle = typed.trim().toLowerCase().replace(/[\s_]+/g, '_');
  const matches = needle === '' ? zones : zones.filter((z) => z.toLowerCase().includes(needle));
  // Prefix matches on either part ("paris", "europe/p") first.
  const starts = (z: string) => z.toLowerCase().startsWith(needle) || z.toLowerCase().includes(`/${needle}`);
  return [...matches.filter(starts), ...matches.filter((z) => !starts(z))].slice(0, MAX_CHOICES).map((z) => ({ name: z, value: z }));
}

/** For a comma-separated topic list: completes the last item, keeping the ones before it. */
export function topicListChoices(index: CorpusIndex, typed: string): Choice[] {
  const parts = typed.split(',');
  const last = parts.pop() ?? '';
  const before = parts.map((p) => p.trim()).filter(Boolean);
  return topicChoices(index, last)
    .filter((choice) => !before.includes(choice.value))
    .map((choice) => ({ name: truncate([...before, choice.name].join(', '), CHOICE_MAX), value: [...before, choice.value].join(', ') }))
    .filter((choice) => choice.value.length <= CHOICE_MAX);
}
