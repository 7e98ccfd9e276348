// Renders Discord message objects (content, embeds, buttons) into DOM nodes, the way the Discord client shows them.
// Text is always inserted as text, never as HTML; links are kept only when they are http(s).
import { parseMarkdown } from './markdown.js';

const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'style') node.setAttribute('style', value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const RELATIVE_UNITS = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** `<t:unix:style>`: Discord shows it in the reader's own time zone and language. */
function timestamp(unix, style) {
  const date = new Date(unix * 1000);
  const options = { t: { timeStyle: 'short' }, T: { timeStyle: 'medium' }, d: { dateStyle: 'short' }, D: { dateStyle: 'long' }, f: { dateStyle: 'long', timeStyle: 'short' }, F: { dateStyle: 'full', timeStyle: 'short' } }[style];
  return el('time', { className: 'mention-time', datetime: date.toISOString(), title: date.toLocaleString() }, options ? date.toLocaleString(undefined, options) : relative(unix));
}

function relative(unix) {
  const seconds = unix - Date.now() / 1000;
  const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? RELATIVE_UNITS.at(-1);
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/** Names the page knows, for mentions: `{ channel(id), role(id) → { name, color }, user(id) }`, each undefined when unknown. */
const NO_NAMES = { channel: () => undefined, role: () => undefined, user: () => undefined };

/** A mention as Discord shows it: the name, never the raw `<#id>`; unknown ids read as Discord writes them. */
function mention(node, names) {
  if (node.kind === 'channel') return el('span', { className: 'mention', dataset: { channelId: node.id } }, `#${names.channel(node.id) ?? 'unknown'}`);
  if (node.kind === 'everyone') return el('span', { className: 'mention' }, `@${node.id}`);
  if (node.kind === 'user') return el('span', { className: 'mention', dataset: { userId: node.id } }, `@${names.user(node.id) ?? 'unknown-user'}`);
  const role = names.role(node.id);
  const color = role?.color ? hexColor(role.color) : null;
  return el('span', { className: 'mention role', dataset: { roleId: node.id }, style: color ? `color: ${color}; background: ${color}1a` : null }, `@${role?.name ?? 'deleted-role'}`);
}

const WRAPPERS = { strong: 'strong', em: 'em', underline: 'u', strike: 's', subtext: 'small', blockquote: 'blockquote' };

/** Discord markdown (see markdown.js) as DOM nodes. Text is always inserted as text, never as HTML. */
export function markdown(text, names = NO_NAMES) {
  return toDom(parseMarkdown(text), names);
}

function toDom(nodes, names) {
  return nodes.map((node) => {
    const children = () => toDom(node.children, names);
    switch (node.type) {
      case 'text': return document.createTextNode(node.text);
      case 'br': return el('br');
      case 'code': return el('code', {}, node.text);
      case 'codeblock': return el('pre', { className: 'codeblock', dataset: node.lang ? { lang: node.lang } : undefined }, el('code', {}, node.text));
      case 'link': return link(node.url, children());
      case 'mention': return mention(node, names);
      case 'time': return timestamp(node.unix, node.style);
      case 'emoji': return el('span', { className: 'emoji', title: `:${node.name}:` }, `:${node.name}:`);
      case 'spoiler': return spoiler(children());
      case 'heading': return el(`h${node.level + 2}`, { className: 'md-heading' }, children());
      default: return el(WRAPPERS[node.type], { className: node.type === 'subtext' ? 'subtext' : undefined }, children());
    }
  });
}

/** Hidden until clicked, as in Discord. */
function spoiler(children) {
  const node = el('span', { className: 'spoiler' }, children);
  node.addEventListener('click', () => node.classList.add('revealed'));
  return node;
}

function link(url, children) {
  const href = safeUrl(url);
  return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, children) : el('span', {}, children);
}

function hexColor(color) {
  return typeof color === 'number' ? `#${color.toString(16).padStart(6, '0')}` : '#1e1f22';
}

function image(url, className) {
  const src = safeUrl(url);
  if (!src) return null;
  const img = el('img', { src, className, alt: '', loading: 'lazy' });
  // Offline or blocked: show where the image lives instead of a broken icon.
  img.addEventListener('error', () => img.replaceWith(el('div', { className: `${className} image-missing` }, new URL(src).hostname)));
  return img;
}

function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

export function renderEmbed(embed, names = NO_NAMES) {
  const title = embed.title ? (embed.url && safeUrl(embed.url) ? el('a', { className: 'embed-title', href: safeUrl(embed.url), target: '_blank', rel: 'noopener noreferrer' }, embed.title) : el('div', { className: 'embed-title' }, embed.title)) : null;
  const footerText = [embed.footer?.text, formatTime(embed.timestamp)].filter(Boolean).join(' • ');
  return el('div', { className: 'embed', style: `border-left-color: ${hexColor(embed.color)}` },
    el('div', { className: 'embed-grid' },
      el('div', { className: 'embed-main' },
        embed.author?.name ? el('div', { className: 'embed-author' }, embed.author.icon_url ? image(embed.author.icon_url, 'embed-author-icon') : null, embed.author.url && safeUrl(embed.author.url) ? link(embed.author.url, embed.author.name) : embed.author.name) : null,
        title,
        embed.description ? el('div', { className: 'embed-description' }, ...markdown(embed.description, names)) : null,
        embed.fields?.length ? el('div', { className: 'embed-fields' }, embed.fields.map((f) =>
          el('div', { className: f.inline ? 'embed-field inline' : 'embed-field' },
            el('div', { className: 'embed-field-name' }, ...markdown(f.name, names)),
            el('div', { className: 'embed-field-value' }, ...markdown(f.value, names))))) : null),
      embed.thumbnail?.url ? image(embed.thumbnail.url, 'embed-thumbnail') : null),
    embed.image?.url ? image(embed.image.url, 'embed-image') : null,
    footerText ? el('div', { className: 'embed-footer' }, embed.footer?.icon_url ? image(embed.footer.icon_url, 'embed-footer-icon') : null, footerText) : null);
}

export function renderComponents(components, onClick) {
  return el('div', { className: 'components' }, components.map((row) =>
    el('div', { className: 'action-row' }, (row.components ?? []).map((c) => {
      const label = [c.emoji?.name, c.label].filter(Boolean).join(' ');
      if (c.type !== 2) return el('span', { className: 'unsupported' }, c.placeholder ?? 'select menu');
      const style = BUTTON_STYLES[c.style] ?? 'secondary';
      if (c.style === 5) return el('a', { className: `button ${style}`, href: safeUrl(c.url), target: '_blank', rel: 'noopener noreferrer' }, `${label} ↗`);
      const button = el('button', { type: 'button', className: `button ${style}`, disabled: c.disabled === true, dataset: { customId: c.custom_id } }, label);
      button.addEventListener('click', () => onClick(c.custom_id, button));
      return button;
    }))));
}

export function renderMessage(message, { onClick, ephemeral = false, names = NO_NAMES }) {
  const author = message.author ?? { username: '?' };
  const used = message.interaction_metadata?.name ? el('div', { className: 'reply-context' }, `${message.interaction_metadata.user?.global_name ?? message.interaction_metadata.user?.username ?? 'someone'} used `, el('span', { className: 'command-name' }, `/${message.interaction_metadata.name}`)) : null;
  return el('article', { className: ephemeral ? 'message ephemeral' : 'message', dataset: { id: message.id } },
    used,
    el('div', { className: 'message-row' },
      el('div', { className: 'avatar', 'aria-hidden': 'true' }, (author.global_name ?? author.username ?? '?').slice(0, 1).toUpperCase()),
      el('div', { className: 'message-body' },
        el('div', { className: 'meta' },
          el('span', { className: 'author' }, author.global_name ?? author.username),
          author.bot ? el('span', { className: 'bot-tag' }, 'APP') : null,
          el('time', { datetime: message.timestamp }, formatTime(message.timestamp)),
          message.edited_timestamp ? el('span', { className: 'edited' }, '(edited)') : null),
        message.content ? el('div', { className: 'content' }, ...markdown(message.content, names)) : null,
        (message.embeds ?? []).map((embed) => renderEmbed(embed, names)),
        message.components?.length ? renderComponents(message.components, (customId, button) => onClick(message, customId, button)) : null,
        ephemeral ? el('div', { className: 'ephemeral-note' }, '👁 Only you can see this') : null)));
}
