// The chatkit console: signs in with a bearer token, lists and opens sessions, and
// streams replies from POST /sessions/{id}/messages. User text goes in through
// textContent; assistant Markdown only through the sanitising renderer (markdown.js).
// A message costs one request: the view is updated from the stream's own events.

import { renderMarkdown } from './markdown.js';
import { applyToolResult, clearTasks, loadTasks } from './tasks.js';

const API = '/api/v1/chatkit';
const TOKEN_KEY = 'chatkit.token';

const $ = (id) => document.getElementById(id);
const ui = {
  alert: $('alert'), who: $('who'), whoName: $('who-name'), signOut: $('sign-out'),
  signIn: $('sign-in'), tokenForm: $('token-form'), token: $('token'),
  devSignIn: $('dev-sign-in'), devForm: $('dev-form'), devUser: $('dev-user'),
  app: $('app'), sessionList: $('session-list'), sessionsEmpty: $('sessions-empty'),
  loadMore: $('load-more'), newSession: $('new-session'),
  title: $('conversation-title'), meta: $('conversation-meta'), deleteSession: $('delete-session'),
  messages: $('messages'), composer: $('composer'), text: $('text'), send: $('send'),
  stop: $('stop'), status: $('composer-status'),
};

const state = { token: null, sessions: [], cursor: null, current: null, streaming: null, cooldown: null };

class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function showAlert(message) {
  ui.alert.textContent = message;
  ui.alert.hidden = !message;
}

async function errorFrom(response) {
  let code = 'http_' + response.status;
  let message = response.statusText || 'Request failed';
  try {
    const body = await response.json();
    if (body && body.error) ({ code, message } = body.error);
  } catch {
    // not the error envelope; keep the status line
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  return new ApiError(response.status, code, message, Number.isFinite(retryAfter) ? retryAfter : null);
}

async function api(method, path, body, signal, extraHeaders = {}) {
  const headers = { Authorization: 'Bearer ' + state.token, Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(API + path, {
    method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = await errorFrom(response);
    if (error.status === 401) signOut('Your token was refused (' + error.message + '). Sign in again.');
    throw error;
  }
  return response;
}

async function apiJson(method, path, body) {
  return (await api(method, path, body)).json();
}

function describe(error) {
  if (error instanceof ApiError) {
    if (error.code === 'budget_exceeded') {
      return 'The daily spending budget is used up: ' + error.message + '. Messages work again after midnight UTC.';
    }
    return error.message + ' (' + error.code + ')';
  }
  return 'Network error: ' + error.message;
}

// ---- time ----

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600],
  ['minute', 60], ['second', 1]];

// A <time> showing "5 minutes ago", with the absolute time as its tooltip.
function timeElement(iso) {
  const node = el('time');
  if (!iso) return node;
  const date = new Date(iso);
  const seconds = (date.getTime() - Date.now()) / 1000;
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) || UNITS[UNITS.length - 1];
  node.dateTime = iso;
  node.title = absolute.format(date);
  node.textContent = Math.abs(seconds) < 10 ? 'just now' : relative.format(Math.round(seconds / size), unit);
  return node;
}

// ---- sign in ----

function subjectOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub || 'unknown user';
  } catch {
    return 'unknown user';
  }
}

async function signIn(token) {
  state.token = token.trim();
  try {
    await loadSessions(true);
  } catch (error) {
    if (state.token) {
      state.token = null;
      ui.signIn.hidden = false;
      showAlert(describe(error));
    }
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, state.token);
  ui.token.value = '';
  showAlert('');
  ui.whoName.textContent = 'Signed in as ' + subjectOf(state.token);
  ui.who.hidden = false;
  ui.signIn.hidden = true;
  ui.app.hidden = false;
  loadTasks(apiJson).catch((error) => showAlert(describe(error)));
  await openFromLocation();
}

function signOut(message) {
  state.streaming?.controller.abort();
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: null, sessions: [], cursor: null, current: null });
  ui.sessionList.replaceChildren();
  ui.messages.replaceChildren();
  clearTasks();
  ui.who.hidden = true;
  ui.app.hidden = true;
  ui.signIn.hidden = false;
  history.replaceState(null, '', location.pathname);
  showAlert(message || '');
  ui.token.focus();
}

async function devSignIn(userId) {
  const response = await fetch('/dev/token?sub=' + encodeURIComponent(userId));
  if (!response.ok) {
    showAlert('Dev sign-in failed: ' + response.status);
    return;
  }
  await signIn(await response.text());
}

// ---- sessions list ----

async function loadSessions(reset) {
  const query = '?limit=50' + (!reset && state.cursor ? '&cursor=' + encodeURIComponent(state.cursor) : '');
  const body = await apiJson('GET', '/sessions' + query);
  state.sessions = reset ? body.data : state.sessions.concat(body.data);
  state.cursor = body.meta ? body.meta.next_cursor : null;
  renderSessions();
}

function renderSessions() {
  ui.sessionList.replaceChildren(...state.sessions.map((session) => {
    const button = el('button', 'session');
    button.type = 'button';
    button.dataset.id = session.id;
    if (state.current && state.current.id === session.id) button.setAttribute('aria-current', 'true');
    const count = session.message_count === 1 ? '1 message' : session.message_count + ' messages';
    const meta = el('span', 'session-meta', count + ' · ');
    meta.append(timeElement(session.updated_at));
    button.append(el('span', 'session-title', session.title || 'Untitled session'), meta);
    button.addEventListener('click', () => openSession(session.id));
    const item = el('li');
    item.append(button);
    return item;
  }));
  ui.sessionsEmpty.hidden = state.sessions.length > 0;
  ui.loadMore.hidden = !state.cursor;
}

function moveInList(event) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const buttons = [...ui.sessionList.querySelectorAll('button')];
  const index = buttons.indexOf(document.activeElement);
  if (index < 0) return;
  event.preventDefault();
  const next = buttons[index + (event.key === 'ArrowDown' ? 1 : -1)];
  next?.focus();
}

// ---- one session ----

async function openFromLocation() {
  const match = /^#\/sessions\/([0-9a-f-]{36})$/.exec(location.hash);
  if (match) await openSession(match[1], false);
}

async function openSession(id, focus = true) {
  let body;
  try {
    body = await apiJson('GET', '/sessions/' + id);
  } catch (error) {
    showAlert(describe(error));
    return;
  }
  showAlert('');
  state.current = body.data;
  history.replaceState(null, '', '#/sessions/' + id);
  const last = renderConversation();
  renderSessions();
  if (focus) ui.text.focus();
  resumeIfRunning(last);
}

function renderConversation() {
  const session = state.current;
  ui.title.textContent = session ? session.title || 'Untitled session' : 'Pick or start a session';
  ui.meta.replaceChildren();
  ui.deleteSession.hidden = !session;
  ui.composer.hidden = !session;
  ui.messages.replaceChildren();
  if (!session) return null;
  ui.meta.append('Created ' + absolute.format(new Date(session.created_at)) + ' · updated ');
  ui.meta.append(timeElement(session.updated_at));
  let last = null;
  for (const message of session.messages) {
    const view = messageView(message.role, message.created_at);
    last = { message, view };
    for (const call of message.tool_calls) {
      const tool = toolView(view, call.id, call.name, call.arguments);
      showToolResult(tool, call.result, call.status);
    }
    showText(view, message.role, message.content);
    if (message.status !== 'complete') view.note.textContent = message.status === 'partial'
      ? 'Reply was interrupted (partial).' : 'Reply failed.';
    else if (message.role === 'assistant' && message.prompt_tokens !== null && message.prompt_tokens !== undefined) {
      view.note.textContent = usageLine('Finished', message.model, message);
    }
  }
  if (!session.messages.length) ui.messages.append(el('p', 'help', 'No messages yet. Say something below.'));
  return last;
}

function messageView(role, createdAt) {
  const article = el('article', 'message ' + role);
  const head = el('p', 'message-head', role === 'user' ? 'You' : 'Assistant');
  if (createdAt) {
    head.append(' · ', timeElement(createdAt));
  }
  const tools = el('div', 'tools');
  const text = el('div', 'message-text');
  const note = el('p', 'message-note');
  article.append(head, tools, text, note);
  ui.messages.querySelector(':scope > p.help')?.remove();
  ui.messages.append(article);
  return { article, tools, text, note };
}

function showText(view, role, text) {
  if (role === 'assistant') renderMarkdown(view.text, text);
  else view.text.textContent = text;
}

// "Finished (stop) · model · 13 + 16 tokens · $0.000093", from a done event or a stored message
function usageLine(prefix, model, usage) {
  return prefix + (model ? ' · ' + model : '') + ' · ' + (usage.prompt_tokens ?? 0) + ' + '
    + (usage.completion_tokens ?? 0) + ' tokens · $' + Number(usage.cost_usd ?? 0).toFixed(6);
}

function pretty(value) {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}

function toolView(view, id, name, args) {
  const details = el('details', 'tool');
  details.dataset.id = id;
  const summary = el('summary');
  const label = el('span', 'tool-name', 'Tool call: ' + name);
  const status = el('span', 'tool-status', 'running…');
  summary.append(label, ' ', status);
  const result = el('pre', 'tool-result');
  details.append(summary, el('p', 'tool-label', 'Arguments'), el('pre', 'tool-args', pretty(args)),
    el('p', 'tool-label', 'Result'), result);
  view.tools.append(details);
  return details;
}

function showToolResult(details, result, status) {
  details.querySelector('.tool-result').textContent = pretty(result);
  const badge = details.querySelector('.tool-status');
  badge.textContent = status || 'pending';
  badge.className = 'tool-status ' + (status === 'ok' ? 'ok' : 'failed');
}

async function newSession() {
  try {
    const body = await apiJson('POST', '/sessions');
    state.sessions.unshift({ ...body.data, message_count: 0 });
    await openSession(body.data.id);
  } catch (error) {
    showAlert(describe(error));
  }
}

async function deleteSession() {
  const session = state.current;
  if (!session || !confirm('Delete “' + (session.title || 'Untitled session') + '” and all its messages?')) return;
  try {
    await api('DELETE', '/sessions/' + session.id);
  } catch (error) {
    showAlert(describe(error));
    return;
  }
  state.current = null;
  state.sessions = state.sessions.filter((s) => s.id !== session.id);
  history.replaceState(null, '', location.pathname);
  renderConversation();
  renderSessions();
  ui.status.textContent = '';
  ui.title.focus();
  showAlert('');
  ui.meta.textContent = 'Session deleted.';
}

// ---- streaming a reply ----

async function* sseEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let id = null;
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // comments such as ": keep-alive"
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = content;
        else if (field === 'id') id = Number(content);
        else if (field === 'data') data.push(content);
      }
      if (data.length) yield { id, name, data: JSON.parse(data.join('\n')) };
    }
  }
}

function startCooldown(seconds) {
  clearInterval(state.cooldown);
  let left = Math.max(1, seconds);
  const tick = () => {
    if (left <= 0) {
      clearInterval(state.cooldown);
      ui.send.disabled = false;
      ui.status.textContent = 'You can send again.';
      return;
    }
    ui.send.disabled = true;
    ui.status.textContent = 'Rate limited: try again in ' + left + ' s.';
    left -= 1;
  };
  tick();
  state.cooldown = setInterval(tick, 1000);
}

async function sendMessage(text) {
  const session = state.current;
  const controller = new AbortController();
  state.streaming = { controller, progress: { lastId: 0, assistantId: null } };
  ui.send.disabled = true;
  ui.stop.hidden = false;
  ui.status.textContent = 'Sending…';
  showAlert('');
  let response;
  try {
    response = await api('POST', '/sessions/' + session.id + '/messages', { text }, controller.signal);
  } catch (error) {
    finishStreaming();
    if (error.name === 'AbortError' || error.status === 401) return;
    ui.text.value = text;
    if (error.code === 'rate_limited') startCooldown(error.retryAfter ?? 60);
    else ui.status.textContent = '';
    if (error.code !== 'rate_limited') showAlert(describe(error));
    return;
  }
  const user = messageView('user', new Date().toISOString());
  user.text.textContent = text;
  const reply = messageView('assistant', null);
  await followReply(session, reply, response, controller, state.streaming.progress, text);
}

// The last reply of a session opened mid-reply (the page was reloaded) may still be
// generating: it is followed from its first event; one that ended replays as stored.
function resumeIfRunning(last) {
  if (!last || state.streaming || last.message.role !== 'assistant' || last.message.status !== 'partial') return;
  const { view } = last;
  view.text.textContent = '';
  view.note.textContent = '';
  view.tools.replaceChildren();
  followReply(state.current, view, null, new AbortController(), { lastId: 0, assistantId: last.message.id });
}

function eventsPath(session, progress) {
  return '/sessions/' + session.id + '/messages/' + progress.assistantId + '/events';
}

// Follows a reply to its last event. A dropped connection is picked up again with
// Last-Event-ID: the reply goes on generating on the server meanwhile.
async function followReply(session, reply, response, controller, progress, text) {
  state.streaming = { controller, progress };
  ui.stop.hidden = false;
  ui.send.disabled = true;
  reply.article.setAttribute('aria-busy', 'true');
  const tools = new Map();
  const streamed = streamedText(reply);
  const seen = { model: null };
  ui.status.textContent = 'Assistant is replying…';
  let ended = false;
  try {
    for (let attempt = 0; !ended && attempt <= 6; attempt++) {
      if (!response) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(8000, 250 * 2 ** attempt)));
        try {
          response = await api('GET', eventsPath(session, progress), undefined, controller.signal,
            progress.lastId ? { 'Last-Event-ID': String(progress.lastId) } : {});
        } catch (error) {
          if (error.name === 'AbortError' || error.status === 401 || error.status === 404) throw error;
          continue;
        }
      }
      try {
        ended = await readReply(response, reply, tools, progress, streamed, seen);
      } catch (error) {
        if (error.name === 'AbortError') throw error;
      }
      response = null;
      if (!ended) reply.note.textContent = 'Connection lost; reconnecting…';
    }
    if (!ended) reply.note.textContent = 'The stream closed before the reply finished.';
  } catch (error) {
    reply.note.textContent = error.name === 'AbortError' ? 'Stopped. The partial reply was kept.'
      : 'Connection lost: ' + error.message;
    ui.status.textContent = '';
  } finally {
    streamed.flush();
    reply.article.removeAttribute('aria-busy');
    finishStreaming();
  }
  if (text !== undefined) noteReply(session.id, text);
}

// Collects delta texts and re-renders the Markdown at most once a frame.
function streamedText(view) {
  let text = '';
  let frame = 0;
  const render = () => {
    frame = 0;
    renderMarkdown(view.text, text);
  };
  return {
    add(piece) {
      text += piece;
      if (!frame) frame = requestAnimationFrame(render);
    },
    flush() {
      if (frame) cancelAnimationFrame(frame);
      render();
    },
  };
}

// Shows a reply's events as they come; true once its last event arrived.
async function readReply(response, reply, tools, progress, streamed, seen) {
  for await (const event of sseEvents(response.body)) {
    const data = event.data;
    if (event.id) progress.lastId = event.id;
    if (event.name === 'start') {
      progress.assistantId = data.assistant_message_id;
      seen.model = data.model;
    } else if (event.name === 'delta') {
      reply.note.textContent = '';
      streamed.add(data.text);
    } else if (event.name === 'tool_call') {
      tools.set(data.id, toolView(reply, data.id, data.name, data.arguments));
    } else if (event.name === 'tool_result') {
      const details = tools.get(data.id) || toolView(reply, data.id, data.name, null);
      showToolResult(details, data.result, data.status);
      applyToolResult(data.name, data.result, data.status);
    } else if (event.name === 'done') {
      streamed.flush();
      if (data.finish_reason === 'cancelled') {
        reply.note.textContent = 'Stopped. The partial reply was kept.';
        ui.status.textContent = 'Reply stopped.';
      } else {
        reply.note.textContent = usageLine('Finished (' + data.finish_reason + ')', data.model || seen.model,
          data.usage || {});
        ui.status.textContent = 'Reply complete.';
      }
      return true;
    } else if (event.name === 'error') {
      reply.note.textContent = 'Reply failed: ' + data.message + ' (' + data.code + ')'
        + (data.retryable ? '. You can try again.' : '.');
      reply.article.classList.add('failed');
      ui.status.textContent = '';
      showAlert('The reply failed: ' + data.message + ' (' + data.code + ')');
      return true;
    }
  }
  return false;
}

// Stop cancels the reply on the server (wherever it runs); its stream then ends with
// done/cancelled. Before the reply has an id, the request itself is aborted.
async function stopReply() {
  const streaming = state.streaming;
  if (!streaming) return;
  const { progress, controller } = streaming;
  if (!progress.assistantId || !state.current) {
    controller.abort();
    return;
  }
  ui.status.textContent = 'Stopping…';
  try {
    await apiJson('POST', '/sessions/' + state.current.id + '/messages/' + progress.assistantId + '/cancel');
  } catch {
    controller.abort();
  }
}

function finishStreaming() {
  state.streaming = null;
  ui.stop.hidden = true;
  ui.send.disabled = false;
}

// What the service did when it accepted the message, applied without asking it again:
// two more messages, updated now, titled by the first message when it had no title, and
// first in the list (sorted by updated_at).
function noteReply(id, text) {
  const now = new Date().toISOString();
  const title = text.slice(0, 60);
  const index = state.sessions.findIndex((s) => s.id === id);
  if (index >= 0) {
    const [session] = state.sessions.splice(index, 1);
    state.sessions.unshift({ ...session, title: session.title || title, updated_at: now,
      message_count: session.message_count + 2 });
  }
  if (state.current && state.current.id === id) {
    state.current.title = state.current.title || title;
    state.current.updated_at = now;
    ui.title.textContent = state.current.title;
  }
  renderSessions();
}

// ---- wiring ----

ui.tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (ui.token.value.trim()) signIn(ui.token.value);
});
ui.devForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (ui.devUser.value.trim()) devSignIn(ui.devUser.value.trim());
});
ui.signOut.addEventListener('click', () => signOut('Signed out.'));
ui.newSession.addEventListener('click', () => newSession());
ui.deleteSession.addEventListener('click', () => deleteSession());
ui.loadMore.addEventListener('click', () => loadSessions(false).catch((error) => showAlert(describe(error))));
ui.sessionList.addEventListener('keydown', moveInList);
ui.stop.addEventListener('click', () => stopReply());
ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.text.value.trim();
  if (!text || state.streaming || ui.send.disabled) return;
  ui.text.value = '';
  sendMessage(text);
});
ui.text.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});

async function boot() {
  try {
    const config = await (await fetch('/console/config.json')).json();
    ui.devSignIn.hidden = !config.dev_sign_in;
    if (config.message_max_chars) ui.text.maxLength = config.message_max_chars;
  } catch {
    ui.devSignIn.hidden = true;
  }
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    await signIn(saved);
  } else {
    ui.signIn.hidden = false;
  }
}

boot();
