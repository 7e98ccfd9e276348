// Renders Discord message objects (content, embeds, buttons) into DOM nodes, the way the Discord client shows them.
// Text is always inserted as text, never as HTML; links are kept only when they are http(s).

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

/** `<t:unix:style>`: Discord shows it in the reader's own time zone and language. */
function timestamp(unix, style) {
  const date = new Date(Number(unix) * 1000);
  const options = { t: { timeStyle: 'short' }, T: { timeStyle: 'medium' }, d: { dateStyle: 'short' }, D: { dateStyle: 'long' }, f: { dateStyle: 'long', timeStyle: 'short' }, F: { dateStyle: 'full', timeStyle: 'short' } }[style ?? 'f'];
  const text = options ? date.toLocaleString(undefined, options) : date.toLocaleString();
  return el('time', { className: 'mention-time', datetime: date.toISOString() }, text);
}

/** Discord's markdown subset the bot uses: **bold**, *italic*, `code`, [text](url), <url>, <t:…>, line breaks. */
export function markdown(text) {
  const out = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_|`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|<?(https?:\/\/[^\s>]+)>?|<t:(\d+)(?::([tTdDfFR]))?>|\n/g;
  let last = 0;
  for (const m of String(text ?? '').matchAll(pattern)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push(el('strong', {}, ...markdown(m[1])));
    else if (m[2] !== undefined) out.push(el('em', {}, m[2]));
    else if (m[3] !== undefined) out.push(el('em', {}, m[3]));
    else if (m[4] !== undefined) out.push(el('code', {}, m[4]));
    else if (m[5] !== undefined) out.push(link(m[6], m[5]));
    else if (m[7] !== undefined) out.push(link(m[7], m[7]));
    else if (m[8] !== undefined) out.push(timestamp(m[8], m[9]));
    else out.push(el('br'));
    last = m.index + m[0].length;
  }
  if (last < String(text ?? '').length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

function link(url, text) {
  const href = safeUrl(url);
  return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : document.createTextNode(text);
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

export function renderEmbed(embed) {
  const title = embed.title ? (embed.url && safeUrl(embed.url) ? el('a', { className: 'embed-title', href: safeUrl(embed.url), target: '_blank', rel: 'noopener noreferrer' }, embed.title) : el('div', { className: 'embed-title' }, embed.title)) : null;
  const footerText = [embed.footer?.text, formatTime(embed.timestamp)].filter(Boolean).join(' • ');
  return el('div', { className: 'embed', style: `border-left-color: ${hexColor(embed.color)}` },
    el('div', { className: 'embed-grid' },
      el('div', { className: 'embed-main' },
        embed.author?.name ? el('div', { className: 'embed-author' }, embed.author.icon_url ? image(embed.author.icon_url, 'embed-author-icon') : null, embed.author.url && safeUrl(embed.author.url) ? link(embed.author.url, embed.author.name) : embed.author.name) : null,
        title,
        embed.description ? el('div', { className: 'embed-description' }, ...markdown(embed.description)) : null,
        embed.fields?.length ? el('div', { className: 'embed-fields' }, embed.fields.map((f) =>
          el('div', { className: f.inline ? 'embed-field inline' : 'embed-field' },
            el('div', { className: 'embed-field-name' }, ...markdown(f.name)),
            el('div', { className: 'embed-field-value' }, ...markdown(f.value))))) : null),
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

export function renderMessage(message, { onClick, ephemeral = false }) {
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
        message.content ? el('div', { className: 'content' }, ...markdown(message.content)) : null,
        (message.embeds ?? []).map(renderEmbed),
        message.components?.length ? renderComponents(message.components, (customId, button) => onClick(message, customId, button)) : null,
        ephemeral ? el('div', { className: 'ephemeral-note' }, '👁 Only you can see this') : null)));
}
