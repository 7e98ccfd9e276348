// Reply texts in English and Vietnamese, picked by the interaction's locale.
// Messages are templates with {name} placeholders; the Vietnamese table must have every English key.

export type Locale = 'en' | 'vi';

const en = {
  'error.generic': 'Something went wrong on our side. Please try again in a moment.',
  'error.notAllowed': 'You need the **Manage Server** permission to use `/{command}`.',
  'error.guildOnly': '`/{command}` only works inside a server.',
  'error.notYours': 'These buttons belong to the person who ran the command. Run `/news` yourself to browse.',
  'error.expired': 'These buttons have expired. Run `/news` again to browse.',
  'news.unknownTopic': 'No topic matches “{topic}”. Pick one from the suggestions or run `/topics`.',
  'news.noArticles': 'No articles for {what} yet.',
  'news.noResults': 'Nothing found for “{query}”. Try fewer or different words.',
  'news.noResultsInTopic': 'Nothing found for “{query}” in {topic}. Try other words, or leave out `topic` to search everything.',
  'news.onlyLanguage': 'Only articles in {language} were looked at: leave out `language` to see every language.',
  'language.en': 'English',
  'language.vi': 'Vietnamese',
  'news.usage': 'Tell me what to show: `/news topic:AI` for the hottest articles on a topic, `/news query:cloud prices` to search, or both to search within a topic.',
  'news.page': 'Page {page} of {pages} · {total, plural, one {# article} other {# articles}}',
  'news.prev': 'Previous',
  'news.next': 'Next',
  'embed.heat': 'Heat',
  'embed.topics': 'Topics',
  'embed.published': 'Published',
  'embed.also': 'Also',
  'summary.unknownArticle': 'No article matches “{article}”. Pick one from the suggestions.',
  'summary.briefing': 'Briefing: {topic}',
  'summary.empty': 'There is nothing to summarize for {what}.',
  'summary.usage': 'Give exactly one of the two: `/summary article:` (pick a title from the suggestions) or `/summary topic:` (e.g. AI).',
  'topics.title': 'Topics',
  'topics.empty': 'The corpus has no topics yet. An admin can load articles with `/admin reseed`.',
  'topics.more': '… and {count} more',
  'feed.added': 'Feed **{id}** will post {topics} (heat ≥ {minHeat}, up to {max} per run) to {channel} on `{schedule}` ({timezone}). Next run: {next}.',
  'feed.none': 'This server has no feeds. Add one with `/feed add`.',
  'feed.unknown': 'No feed **{id}** in this server. `/feed list` shows the ids.',
  'feed.removed': 'Feed **{id}** removed; it will not post again.',
  'feed.paused': 'Feed **{id}** paused. `/feed resume` starts it again.',
  'feed.resumed': 'Feed **{id}** resumed. Next run: {next}.',
  'feed.testEmpty': 'Feed **{id}** has nothing new to post right now.',
  'feed.testHeader': 'Feed **{id}** would post {count, plural, one {this article} other {these # articles}} to {channel} now (only you can see this):',
  'feed.line': '**{id}** {state} → {channel} · {topics} · heat ≥ {minHeat} · `{schedule}` {timezone} · last: {last} · next: {next}',
  'feed.active': 'active',
  'feed.pausedState': 'paused',
  'feed.pausedReason': 'paused: {reason}',
  'feed.allTopics': 'all topics',
  'invalid.notSaved': 'Nothing was saved:\n{problems}',
  'problem.cronFields': '“{value}” is not a schedule: use 5 fields “minute hour day month weekday”, e.g. `0 9 * * *` (09:00 daily) or `*/30 * * * *` (every 30 minutes).',
  'problem.cronInvalid': '“{value}” is not a valid cron schedule ({detail}). Use 5 fields, e.g. `0 9 * * *` (09:00 daily).',
  'problem.cronField': '{field} “{value}” must be {range}',
  'cron.minute': 'minute',
  'cron.hour': 'hour',
  'cron.day': 'day of month',
  'cron.month': 'month',
  'cron.weekday': 'weekday (0 or 7 = Sunday)',
  'problem.time': '“{value}” is not a time of day: use 24-hour HH:MM, e.g. 08:30 or 18:00.',
  'problem.timezone': '“{value}” is not an IANA timezone: use e.g. Europe/Paris, Asia/Ho_Chi_Minh or UTC (the option suggests names as you type).',
  'problem.rangeNumber': '`{option}` must be a number from {min} to {max} (got {value}).',
  'problem.rangeInteger': '`{option}` must be a whole number from {min} to {max} (got {value}).',
  'problem.topicsNone': 'Name at least one topic, e.g. `AI` or `AI, Cloud` (see `/topics`).',
  'problem.topicsUnknown': 'Unknown topic {topics}; `/topics` lists them all.',
  'problem.topicHint': '“{name}” (did you mean {suggestions}?)',
  'problem.topicName': '“{name}”',
  'invalid.channel': 'I cannot post in {channel}: I am missing {missing}. Give me those permissions there, or pick another channel. Nothing was saved.',
  'invalid.channelType': '{channel} is not a text channel I can post in. Nothing was saved.',
  'digest.set': 'The daily digest will post the top {size} of {topics} to {channel} at {time} ({timezone}). Next: {next}.',
  'digest.none': 'This server has no digest. Set one with `/digest set`.',
  'digest.off': 'The digest for {channel} is off.',
  'digest.offAll': 'Turned off {count, plural, one {# digest} other {# digests}}.',
  'digest.previewEmpty': 'The digest has nothing new to post right now.',
  'digest.previewHeader': 'The next digest would look like this (only you can see this):',
  'digest.title': 'Daily digest · {date}',
  'admin.reseeded': 'Reseeded from {dirs}: **{added}** added, **{updated}** updated, **{removed}** removed, {skipped} skipped. {total, plural, one {# article} other {# articles}} now.',
  'admin.reseedFailed': 'Reseed failed, the previous corpus stays live: {reason}',
  'admin.statusTitle': 'Status',
  'admin.corpus': '{articles, plural, one {# article} other {# articles}}, {topics, plural, one {# topic} other {# topics}}',
  'admin.feedSources': '{count, plural, one {# feed source} other {# feed sources}}, {failing} failing',
  'admin.feedFailing': '⚠ {name} failing since {since} ({failures, plural, one {# attempt} other {# attempts}}): {error}',
  'admin.lastReseed': 'Corpus last changed {when}: {reason} (**{added}** added, **{updated}** updated, **{removed}** removed; change #{generation}, followed by every process)',
  'admin.feeds': 'Feeds',
  'admin.digests': 'Digests',
  'admin.errors': 'Recent errors',
  'admin.noErrors': 'none',
  'admin.never': 'never',
  'admin.none': 'none',
  'admin.digestLine': '{channel} {state} · {time} ({timezone}) · last: {last} · next: {next}',
  'option.refused': 'Nothing was done:\n{problems}\nRun `/{command}` again with values within these limits.',
  'option.required': '`{option}` is required.',
  'option.atLeast': '`{option}` must be at least {min} (got {value}).',
  'option.atMost': '`{option}` must be at most {max} (got {value}).',
  'option.tooLong': '`{option}` can be at most {max} characters long (yours has {length}).',
  'option.tooShort': '`{option}` must be at least {min} characters long (yours has {length}).',
  'option.choice': '`{option}` must be one of {choices} (got “{value}”).',
  'option.subcommand': '`{option}` is not a subcommand of this version of the bot: use {choices} (the server may list an older deploy of the commands).',
  'problem.topicsMore': '{count, plural, one {# other} other {# others}}',
  'problem.feedsLimit': 'This server already has {max} feeds, the most it may have. Remove one first (`/feed list`, `/feed remove`).',
  'feed.heatRange': 'Articles on these topics have heat {min}–{max} now.',
  'feed.heatOne': 'Articles on these topics have heat {heat} now.',
  'feed.heatUnreachable': '⚠️ No article on these topics is that hot (the hottest has {maxHeat}), so this feed will not post until one is. Lower `min_heat` with `/feed remove` and `/feed add` if that is not what you want.',
  'feed.noArticles': 'No article has these topics yet; the feed will post once some arrive.',
  'feed.page': 'Feeds {from}–{to} of {total}',
} as const;

export type MessageKey = keyof typeof en;

const vi: Record<MessageKey, string> = {
  'error.generic': 'Đã có lỗi xảy ra. Vui lòng thử lại sau giây lát.',
  'error.notAllowed': 'Bạn cần quyền **Quản lý máy chủ** để dùng `/{command}`.',
  'error.guildOnly': '`/{command}` chỉ dùng được trong máy chủ.',
  'error.notYours': 'Các nút này thuộc về người đã chạy lệnh. Hãy tự chạy `/news` để xem.',
  'error.expired': 'Các nút này đã hết hạn. Hãy chạy lại `/news`.',
  'news.unknownTopic': 'Không có chủ đề nào khớp với “{topic}”. Hãy chọn trong gợi ý hoặc chạy `/topics`.',
  'news.noArticles': 'Chưa có bài viết nào cho {what}.',
  'news.noResults': 'Không tìm thấy kết quả cho “{query}”. Hãy thử ít từ hơn hoặc từ khác.',
  'news.noResultsInTopic': 'Không tìm thấy kết quả cho “{query}” trong {topic}. Hãy thử từ khác, hoặc bỏ `topic` để tìm trong mọi bài.',
  'news.onlyLanguage': 'Chỉ xét các bài bằng {language}: bỏ `language` để xem bài ở mọi ngôn ngữ.',
  'language.en': 'tiếng Anh',
  'language.vi': 'tiếng Việt',
  'news.usage': 'Hãy cho biết cần xem gì: `/news topic:AI` để xem các bài nóng nhất của một chủ đề, `/news query:giá cloud` để tìm kiếm, hoặc cả hai để tìm trong một chủ đề.',
  'news.page': 'Trang {page}/{pages} · {total} bài viết',
  'news.prev': 'Trước',
  'news.next': 'Sau',
  'embed.heat': 'Độ nóng',
  'embed.topics': 'Chủ đề',
  'embed.published': 'Ngày đăng',
  'embed.also': 'Cũng đưa tin',
  'summary.unknownArticle': 'Không có bài viết nào khớp với “{article}”. Hãy chọn trong gợi ý.',
  'summary.briefing': 'Tóm tắt chủ đề: {topic}',
  'summary.empty': 'Không có gì để tóm tắt cho {what}.',
  'summary.usage': 'Hãy chọn đúng một trong hai: `/summary article:` (chọn tiêu đề trong gợi ý) hoặc `/summary topic:` (ví dụ AI).',
  'topics.title': 'Chủ đề',
  'topics.empty': 'Kho bài viết chưa có chủ đề nào. Quản trị viên có thể nạp bài bằng `/admin reseed`.',
  'topics.more': '… và {count} chủ đề khác',
  'feed.added': 'Kênh tin **{id}** sẽ đăng {topics} (độ nóng ≥ {minHeat}, tối đa {max} bài mỗi lần) vào {channel} theo lịch `{schedule}` ({timezone}). Lần chạy tới: {next}.',
  'feed.none': 'Máy chủ này chưa có kênh tin nào. Thêm bằng `/feed add`.',
  'feed.unknown': 'Không có kênh tin **{id}** trong máy chủ này. `/feed list` liệt kê các mã.',
  'feed.removed': 'Đã xoá kênh tin **{id}**; nó sẽ không đăng nữa.',
  'feed.paused': 'Đã tạm dừng kênh tin **{id}**. `/feed resume` để chạy lại.',
  'feed.resumed': 'Đã chạy lại kênh tin **{id}**. Lần chạy tới: {next}.',
  'feed.testEmpty': 'Kênh tin **{id}** hiện không có bài mới để đăng.',
  'feed.testHeader': 'Kênh tin **{id}** sẽ đăng {count} bài này vào {channel} ngay bây giờ (chỉ bạn thấy):',
  'feed.line': '**{id}** {state} → {channel} · {topics} · độ nóng ≥ {minHeat} · `{schedule}` {timezone} · lần trước: {last} · lần tới: {next}',
  'feed.active': 'đang chạy',
  'feed.pausedState': 'tạm dừng',
  'feed.pausedReason': 'tạm dừng: {reason}',
  'feed.allTopics': 'mọi chủ đề',
  'invalid.notSaved': 'Chưa có gì được lưu:\n{problems}',
  'problem.cronFields': '“{value}” không phải lịch hợp lệ: dùng 5 trường “phút giờ ngày tháng thứ”, ví dụ `0 9 * * *` (09:00 mỗi ngày) hoặc `*/30 * * * *` (mỗi 30 phút).',
  'problem.cronInvalid': '“{value}” không phải lịch cron hợp lệ ({detail}). Dùng 5 trường, ví dụ `0 9 * * *` (09:00 mỗi ngày).',
  'problem.cronField': '{field} “{value}” phải trong khoảng {range}',
  'cron.minute': 'phút',
  'cron.hour': 'giờ',
  'cron.day': 'ngày trong tháng',
  'cron.month': 'tháng',
  'cron.weekday': 'thứ trong tuần (0 hoặc 7 = Chủ nhật)',
  'problem.time': '“{value}” không phải giờ trong ngày: dùng định dạng 24 giờ HH:MM, ví dụ 08:30 hoặc 18:00.',
  'problem.timezone': '“{value}” không phải múi giờ IANA: dùng ví dụ Asia/Ho_Chi_Minh, Europe/Paris hoặc UTC (tuỳ chọn này gợi ý tên khi bạn gõ).',
  'problem.rangeNumber': '`{option}` phải là một số từ {min} đến {max} (bạn nhập {value}).',
  'problem.rangeInteger': '`{option}` phải là số nguyên từ {min} đến {max} (bạn nhập {value}).',
  'problem.topicsNone': 'Hãy nêu ít nhất một chủ đề, ví dụ `AI` hoặc `AI, Cloud` (xem `/topics`).',
  'problem.topicsUnknown': 'Không có chủ đề {topics}; `/topics` liệt kê tất cả các chủ đề.',
  'problem.topicHint': '“{name}” (có phải bạn muốn nói {suggestions}?)',
  'problem.topicName': '“{name}”',
  'invalid.channel': 'Tôi không thể đăng vào {channel}: thiếu quyền {missing}. Hãy cấp các quyền đó hoặc chọn kênh khác. Chưa có gì được lưu.',
  'invalid.channelType': '{channel} không phải kênh văn bản mà tôi có thể đăng. Chưa có gì được lưu.',
  'digest.set': 'Bản tin hằng ngày sẽ đăng {size} bài hàng đầu về {topics} vào {channel} lúc {time} ({timezone}). Lần tới: {next}.',
  'digest.none': 'Máy chủ này chưa có bản tin. Đặt bằng `/digest set`.',
  'digest.off': 'Đã tắt bản tin của {channel}.',
  'digest.offAll': 'Đã tắt {count} bản tin.',
  'digest.previewEmpty': 'Bản tin hiện không có bài mới để đăng.',
  'digest.previewHeader': 'Bản tin tới sẽ trông như thế này (chỉ bạn thấy):',
  'digest.title': 'Bản tin hằng ngày · {date}',
  'admin.reseeded': 'Đã nạp lại từ {dirs}: thêm **{added}**, cập nhật **{updated}**, xoá **{removed}**, bỏ qua {skipped}. Hiện có {total} bài.',
  'admin.reseedFailed': 'Nạp lại thất bại, kho cũ vẫn được dùng: {reason}',
  'admin.statusTitle': 'Trạng thái',
  'admin.corpus': '{articles} bài viết, {topics} chủ đề',
  'admin.feedSources': '{count} nguồn tin RSS, {failing} đang lỗi',
  'admin.feedFailing': '⚠ {name} lỗi từ {since} ({failures} lần thử): {error}',
  'admin.lastReseed': 'Kho bài thay đổi lần cuối {when}: {reason} (thêm **{added}**, cập nhật **{updated}**, xoá **{removed}**; thay đổi #{generation}, mọi tiến trình đều theo)',
  'admin.feeds': 'Kênh tin',
  'admin.digests': 'Bản tin',
  'admin.errors': 'Lỗi gần đây',
  'admin.noErrors': 'không có',
  'admin.never': 'chưa bao giờ',
  'admin.none': 'không có',
  'admin.digestLine': '{channel} {state} · {time} ({timezone}) · lần trước: {last} · lần tới: {next}',
  'option.refused': 'Chưa làm gì cả:\n{problems}\nHãy chạy lại `/{command}` với giá trị trong các giới hạn này.',
  'option.required': '`{option}` là bắt buộc.',
  'option.atLeast': '`{option}` phải ít nhất là {min} (bạn nhập {value}).',
  'option.atMost': '`{option}` phải nhiều nhất là {max} (bạn nhập {value}).',
  'option.tooLong': '`{option}` chỉ được dài tối đa {max} ký tự (bạn nhập {length}).',
  'option.tooShort': '`{option}` phải dài ít nhất {min} ký tự (bạn nhập {length}).',
  'option.choice': '`{option}` phải là một trong {choices} (bạn nhập “{value}”).',
  'option.subcommand': '`{option}` không phải lệnh con của phiên bản bot này: hãy dùng {choices} (máy chủ có thể đang hiện bản lệnh cũ hơn).',
  'problem.topicsMore': '{count} chủ đề khác',
  'problem.feedsLimit': 'Máy chủ này đã có {max} kênh tin, mức tối đa cho phép. Hãy xoá bớt một kênh trước (`/feed list`, `/feed remove`).',
  'feed.heatRange': 'Các bài thuộc những chủ đề này hiện có độ nóng {min}–{max}.',
  'feed.heatOne': 'Các bài thuộc những chủ đề này hiện có độ nóng {heat}.',
  'feed.heatUnreachable': '⚠️ Chưa có bài nào thuộc các chủ đề này nóng đến mức đó (bài nóng nhất: {maxHeat}), nên kênh tin sẽ chưa đăng gì cho đến khi có. Nếu không muốn vậy, hãy hạ `min_heat` bằng `/feed remove` rồi `/feed add`.',
  'feed.noArticles': 'Chưa có bài nào thuộc các chủ đề này; kênh tin sẽ đăng khi có bài.',
  'feed.page': 'Kênh tin {from}–{to} trên {total}',
};

const TABLES: Record<Locale, Record<MessageKey, string>> = { en, vi };

/** Discord locales are "vi", "en-US", "en-GB", …; anything not Vietnamese gets English. */
export function localeOf(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

export type MessageVars = Record<string, string | number>;

/** ICU's plural syntax, the subset we use: `{count, plural, one {# article} other {# articles}}`. */
const PLURAL = /\{(\w+), plural,((?:\s*[=\w]+\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /([=\w]+)\s*\{([^{}]*)\}/g;

const pluralRules = { en: new Intl.PluralRules('en'), vi: new Intl.PluralRules('vi') };

function plural(locale: Locale, n: number, forms: string): string {
  const byCategory = new Map([...forms.matchAll(PLURAL_FORM)].map((m) => [m[1]!, m[2]!]));
  const form = byCategory.get(`=${n}`) ?? byCategory.get(pluralRules[locale].select(n)) ?? byCategory.get('other') ?? '';
  return form.replace(/#/g, String(n));
}

/** The message for `key` in `locale`, with plurals chosen and {placeholders} filled from `vars` (unknown ones left visible). */
export function t(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  return TABLES[locale][key]
    .replace(PLURAL, (whole, name: string, forms: string) => (typeof vars[name] === 'number' ? plural(locale, vars[name], forms) : whole))
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translator bound to one locale: what commands receive. */
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export function translator(discordLocale: string | null | undefined): Translate {
  const locale = localeOf(discordLocale);
  return (key, vars) => t(locale, key, vars);
}

/** Dates shown in replies: the locale's medium date (and short time unless `time` is false), in UTC unless a timezone is given. */
export function formatDate(locale: Locale, iso: string | null | undefined, options: { timeZone?: string; time?: boolean } = {}): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const format: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: options.timeZone ?? 'UTC' };
  if (options.time !== false) format.timeStyle = 'short';
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', format).format(date);
}

interface Describable {
  setDescription(description: string): unknown;
  setDescriptionLocalizations(localizations: Partial<Record<'vi', string>>): unknown;
}

/** Sets a command's or option's description in English with its Vietnamese localization. */
export function describe<T extends Describable>(builder: T, english: string, vietnamese: string): T {
  builder.setDescription(english);
  builder.setDescriptionLocalizations({ vi: vietnamese });
  return builder;
}
