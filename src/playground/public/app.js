// The playground page: channel list, messages (polled), the slash-command composer with suggestions and the bot's
// autocomplete, button clicks, and the feeds/digests panel with "Run now". Everything goes through /api/*.
import { el, renderMessage } from './render.js';

const POLL_MS = 1000;
const state = {
  world: null,
  channelId: null,
  messagesKey: '',
  /** channelId → ephemeral replies shown only here (Discord never stores them in the channel). */
  ephemeral: new Map(),
  seen: new Map(),
  suggestions: [],
  active: -1,
  /** Autocomplete choices picked into the composer: { shown: 'option:name', sent: 'option:value' }. */
  picks: [],
};

const $ = (id) => document.getElementById(id);

// ---- the message list sticks to the newest message unless the reader scrolled up, as in Discord

/** Within this many pixels of the bottom counts as "at the newest message". */
const STICK_PX = 8;
const scroll = { stuck: true, lastTop: 0 };

function stickToBottom() {
  const box = $('messages');
  if (scroll.stuck) box.scrollTop = box.scrollHeight;
  $('jump').hidden = scroll.stuck;
}

function followNewest() {
  scroll.stuck = true;
  stickToBottom();
}

// Only moving up lets go of the bottom: content that grew before this (late) scroll event is not the reader.
$('messages').addEventListener('scroll', () => {
  const box = $('messages');
  if (box.scrollHeight - box.scrollTop - box.clientHeight <= STICK_PX) scroll.stuck = true;
  else if (box.scrollTop < scroll.lastTop) scroll.stuck = false;
  scroll.lastTop = box.scrollTop;
  $('jump').hidden = scroll.stuck;
});
$('jump').addEventListener('click', followNewest);
// Content grows after rendering too (images load or fail, fonts), and the window can be resized.
const resized = new ResizeObserver(stickToBottom);
resized.observe($('messages'));
resized.observe($('message-list'));

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}

function setStatus(text, kind = 'info') {
  const status = $('status');
  status.textContent = text;
  status.className = kind;
}

// ---- channels and messages

function renderChannels() {
  const list = $('channels');
  list.replaceChildren(...state.world.channels.map((c) => {
    const unread = c.messageCount - (state.seen.get(c.id) ?? 0);
    const item = el('li', { className: c.id === state.channelId ? 'channel selected' : 'channel', dataset: { channelId: c.id } },
      el('span', { className: 'hash' }, '#'), el('span', { className: 'channel-label' }, c.name),
      unread > 0 && c.id !== state.channelId ? el('span', { className: 'badge' }, String(unread)) : null);
    item.addEventListener('click', () => selectChannel(c.id));
    return item;
  }));
}

/** Names for mentions in messages, from the world the server reported. */
function mentionNames() {
  const { channels, roles, members } = state.world;
  return {
    channel: (id) => channels.find((c) => c.id === id)?.name,
    role: (id) => roles.find((r) => r.id === id),
    user: (id) => members.find((m) => m.id === id)?.name,
  };
}

function selectChannel(id) {
  state.channelId = id;
  state.messagesKey = '';
  const channel = state.world.channels.find((c) => c.id === id);
  $('channel-name').textContent = channel?.name ?? '';
  $('channel-topic').textContent = channel?.topic ? ` — ${channel.topic}` : '';
  $('line').placeholder = `Message #${channel?.name ?? ''} — type / for commands, e.g. /news topic:AI`;
  scroll.stuck = true;
  renderChannels();
  void refreshMessages();
}

async function refreshWorld() {
  state.world = await api('GET', '/api/world');
  $('guild-name').textContent = state.world.guild.name;
  $('you').textContent = `Signed in as ${state.world.you.global_name ?? state.world.you.username} (server owner)`;
  if (!state.channelId) selectChannel(state.world.channels[0].id);
  renderChannels();
}

async function refreshMessages() {
  const channelId = state.channelId;
  const { messages } = await api('GET', `/api/messages?channelId=${channelId}`);
  const mine = state.ephemeral.get(channelId) ?? [];
  // Names are part of what is shown: a role created or a channel renamed re-renders the mentions.
  const { channels, roles, members } = state.world;
  const key = JSON.stringify([messages, mine, channels.map((c) => c.name), roles, members]);
  if (channelId !== state.channelId || key === state.messagesKey) return;
  state.messagesKey = key;
  state.seen.set(channelId, messages.length);
  const all = [...messages.map((m) => ({ m, ephemeral: false })), ...mine.map((m) => ({ m, ephemeral: true }))]
    .sort((a, b) => (BigInt(a.m.id) < BigInt(b.m.id) ? -1 : 1));
  const names = mentionNames();
  $('message-list').replaceChildren(...(all.length ? all.map(({ m, ephemeral }) => renderMessage(m, { ephemeral, onClick: click, names })) : [el('p', { className: 'empty' }, 'No messages yet. Try /news topic:AI')]));
  stickToBottom();
}

function keepEphemeral(channelId, reply) {
  const list = state.ephemeral.get(channelId) ?? [];
  for (const message of [reply.message, ...(reply.followUps ?? [])].filter(Boolean)) {
    if (!reply.ephemeral && message === reply.message) continue;
    const at = list.findIndex((m) => m.id === message.id);
    if (at >= 0) list[at] = message;
    else list.push(message);
  }
  state.ephemeral.set(channelId, list.slice(-50));
}

async function click(message, customId, button) {
  button.disabled = true;
  try {
    const reply = await api('POST', '/api/click', { channelId: state.channelId, messageId: message.id, customId, locale: $('locale').value });
    keepEphemeral(state.channelId, reply);
    setStatus('');
  } catch (error) {
    setStatus(error.message, 'error');
  } finally {
    button.disabled = false;
    state.messagesKey = '';
    await refreshMessages();
  }
}

// ---- composer

/** The line as the command is sent: each picked choice's name (shown, as in Discord's composer) swapped for its value. */
function withPickedValues(line) {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return state.picks.reduce((text, { shown, sent }) => text.replace(new RegExp(`(^|\\s)${escape(shown)}(?=\\s|$)`), (_, space) => `${space}${sent}`), line);
}

async function send(event) {
  event.preventDefault();
  const line = withPickedValues($('line').value.trim());
  if (!line) return;
  hideSuggestions();
  const channelId = state.channelId;
  setStatus(`Running ${line.split(/\s+/)[0]}…`);
  try {
    const reply = await api('POST', '/api/run', { channelId, line, locale: $('locale').value });
    keepEphemeral(channelId, reply);
    $('line').value = '';
    state.picks = [];
    setStatus('');
    // Your own command brings you back to the newest message, as sending does in Discord.
    followNewest();
  } catch (error) {
    setStatus(error.message, 'error');
  }
  state.messagesKey = '';
  await Promise.all([refreshMessages(), refreshWorld(), refreshSchedules()]);
}

let suggestTimer;
let suggestSeq = 0;
function onInput() {
  clearTimeout(suggestTimer);
  const line = $('line').value;
  if (!line.startsWith('/')) return hideSuggestions();
  suggestTimer = setTimeout(async () => {
    const seq = ++suggestSeq;
    try {
      const { items } = await api('POST', '/api/suggest', { channelId: state.channelId, line, locale: $('locale').value });
      if (seq === suggestSeq && $('line').value === line) showSuggestions(items);
    } catch (error) {
      if (seq === suggestSeq) setStatus(error.message, 'error');
    }
  }, 120);
}

function showSuggestions(items) {
  state.suggestions = items;
  state.active = items.length ? 0 : -1;
  const list = $('suggestions');
  list.hidden = items.length === 0;
  list.replaceChildren(...items.map((item, i) => {
    const li = el('li', { role: 'option', className: i === state.active ? 'active' : '' }, el('span', { className: 'suggestion-label' }, item.label), item.description ? el('span', { className: 'suggestion-description' }, item.description) : null);
    li.addEventListener('mousedown', (event) => { event.preventDefault(); pick(i); });
    return li;
  }));
}

function hideSuggestions() {
  state.suggestions = [];
  state.active = -1;
  $('suggestions').hidden = true;
}

function pick(i) {
  const item = state.suggestions[i];
  if (!item) return;
  $('line').value = item.line;
  if (item.choice) state.picks.push(item.choice);
  $('line').focus();
  hideSuggestions();
  onInput();
}

function onKey(event) {
  if ($('suggestions').hidden) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const n = state.suggestions.length;
    state.active = (state.active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
    [...$('suggestions').children].forEach((li, i) => li.classList.toggle('active', i === state.active));
  } else if (event.key === 'Tab') {
    event.preventDefault();
    pick(state.active);
  } else if (event.key === 'Escape') {
    hideSuggestions();
  }
}

// ---- feeds and digests

function when(iso) {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return 'just now';
  const span = abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min` : `${Math.round(abs / 3600)} h`;
  return seconds >= 0 ? `in ${span}` : `${span} ago`;
}

async function refreshSchedules() {
  const { schedules } = await api('GET', '/api/schedules');
  const channelName = (id) => state.world?.channels.find((c) => c.id === id)?.name ?? id;
  $('schedule-list').replaceChildren(...(schedules.length ? schedules.map((s) => {
    const run = el('button', { type: 'button', className: 'button primary run-now', dataset: { kind: s.kind, id: s.id } }, 'Run now');
    run.addEventListener('click', () => runNow(s, run));
    return el('li', { className: s.paused ? 'schedule paused' : 'schedule', dataset: { kind: s.kind, id: s.id } },
      el('div', { className: 'schedule-head' }, el('span', { className: `kind ${s.kind}` }, s.kind), el('span', { className: 'schedule-channel' }, `#${channelName(s.channelId)}`)),
      el('div', { className: 'schedule-summary' }, s.summary),
      el('div', { className: 'schedule-when' }, `${s.schedule} (${s.timezone})`),
      el('div', { className: 'schedule-runs' }, `next ${s.paused ? 'paused' : when(s.nextRunAt)} · last ${when(s.lastRunAt)}`),
      s.pausedReason ? el('div', { className: 'schedule-paused' }, s.pausedReason) : null,
      run);
  }) : [el('li', { className: 'empty' }, 'None yet.')]));
}

async function runNow(schedule, button) {
  button.disabled = true;
  try {
    const result = await api('POST', '/api/schedules/run', { kind: schedule.kind, id: schedule.id });
    setStatus(`${schedule.kind} posted ${result.posted} message${result.posted === 1 ? '' : 's'}${result.note ? ` — ${result.note}` : ''}`);
    selectChannel(schedule.channelId);
  } catch (error) {
    setStatus(error.message, 'error');
  } finally {
    button.disabled = false;
    await Promise.all([refreshWorld(), refreshSchedules()]);
  }
}

// ---- start

async function tick() {
  try {
    await Promise.all([refreshWorld(), refreshMessages(), refreshSchedules()]);
    document.body.dataset.connected = 'true';
  } catch (error) {
    document.body.dataset.connected = 'false';
    setStatus(`Lost contact with the playground: ${error.message}`, 'error');
  }
}

$('composer').addEventListener('submit', send);
$('line').addEventListener('input', onInput);
$('line').addEventListener('keydown', onKey);
$('line').addEventListener('blur', () => setTimeout(hideSuggestions, 150));
await refreshWorld();
await tick();
document.body.dataset.ready = 'true';
setInterval(tick, POLL_MS);
