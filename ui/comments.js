/**
 * The Comments panel (`#comments-panel`): the open comment threads of the review in template
 * order, each jumping to its field; or the threads of one field, where a comment is added,
 * replied to, resolved and reopened, each with its author and date. Comments are internal:
 * the core keeps them beside the review, never in what is signed or submitted.
 */

import { h, replace } from './dom.js';
import { describeError, formatDateTime, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { pathLabel } from './template.js';
import { sidePanel } from './widgets/panel.js';

/** How much of a comment the list of open threads shows. */
const EXCERPT = 160;

function excerpt(text) {
  const s = String(text ?? '');
  return s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s;
}

/** "Amina Diallo · 1 Dec 2026, 10:05", or the contributor it came from. */
function byline(c) {
  const who = c.authorKind === 'contributor' ? t('comments.fromContributor', { name: c.author }) : c.author;
  return h('p', { class: 'comment-by' },
    h('span', { class: 'comment-author', dir: 'auto' }, who), ' · ',
    h('time', { datetime: c.createdAt }, formatDateTime(c.createdAt)));
}

function commentNode(c) {
  return h('li', { class: 'comment', 'data-comment': c.id },
    byline(c),
    h('p', { class: 'comment-text', dir: 'auto' }, c.text));
}

/**
 * Builds `#comments-panel`. `ctx`: `{ id, path, goTo(path), close(), changed() }`; with `path`
 * it shows that field's threads, else the open ones. Returns `{ el, refresh(), showField(path) }`.
 */
export function commentsPanel(ctx) {
  const cp = {
    ctx,
    path: ctx.path ?? null,
    panel: sidePanel({ id: 'comments-panel', title: t('comments.title'), close: ctx.close }),
    status: h('p', { class: 'panel-status', role: 'status' }),
    threads: [],
  };
  load(cp);
  return {
    el: cp.panel.el,
    refresh: () => load(cp),
    showField: (path) => {
      cp.path = path;
      load(cp, true);
    },
  };
}

async function load(cp, focus = false) {
  try {
    const threads = await invoke('comments_list', { id: cp.ctx.id, openOnly: !cp.path });
    cp.threads = cp.path ? threads.filter((thread) => thread.path === cp.path) : threads;
    render(cp);
    if (focus) cp.panel.el.scrollTop = 0;
    if (focus) cp.panel.body.querySelector(cp.path ? '#comment-new' : '#comments-panel-title')?.focus();
  } catch (error) {
    replace(cp.panel.body, cp.status, h('p', { class: 'error-text', role: 'alert' }, describeError(error)));
  }
}

function render(cp) {
  if (cp.path) renderField(cp);
  else renderOpen(cp);
}

/** The open threads of the whole review, each a way to its field. */
function renderOpen(cp) {
  const open = cp.threads;
  replace(cp.panel.body, cp.status,
    h('p', { class: 'lead', id: 'comments-count', 'data-open': String(open.length) },
      open.length ? t('comments.openCount', { count: open.length, formatted: formatNumber(open.length) }) : t('comments.noneOpen')),
    h('p', { class: 'help' }, t('comments.internal')),
    open.length ? h('ul', { class: 'comment-threads', id: 'open-comment-threads' }, open.map((thread) => {
      const [first] = thread.comments;
      const replies = thread.comments.length - 1;
      return h('li', { class: 'comment-thread', 'data-thread': thread.id, 'data-thread-path': thread.path },
        h('button', { type: 'button', class: 'link', 'data-comment-jump': thread.path, onClick: () => jump(cp, thread.path) },
          h('span', { class: 'comment-field', dir: 'auto' }, pathLabel(thread.path))),
        byline(first),
        h('p', { class: 'comment-text', dir: 'auto' }, excerpt(first.text)),
        replies ? h('p', { class: 'comment-replies' }, t('comments.replies', { count: replies, formatted: formatNumber(replies) })) : null);
    })) : null);
}

/** Goes to the field and shows its threads. */
function jump(cp, path) {
  cp.ctx.goTo(path);
  cp.path = path;
  load(cp);
}

/** The threads of one field, with the form for a new comment. */
function renderField(cp) {
  const { path } = cp;
  const back = h('button', { type: 'button', class: 'link', 'data-action': 'comments-back', onClick: () => { cp.path = null; load(cp, true); } }, t('comments.back'));
  const text = h('textarea', { id: 'comment-new', rows: '3', dir: 'auto', maxlength: '10000', 'data-comment-new': path });
  const form = h('form', { class: 'comment-form', onSubmit: (event) => {
    event.preventDefault();
    act(cp, 'comment_add', { path, text: text.value }, text, t('comments.added'));
  } },
  h('label', { for: 'comment-new' }, t('comments.newLabel')),
  text,
  h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'primary', 'data-action': 'comment-add' }, t('comments.add'))));
  replace(cp.panel.body, back,
    h('h3', { id: 'comments-field-title', 'data-comments-field': path, dir: 'auto' }, pathLabel(path)),
    form,
    cp.status,
    cp.threads.length ? h('ol', { class: 'comment-threads' }, cp.threads.map((thread) => threadNode(cp, thread))) : h('p', { class: 'help' }, t('comments.noneHere')));
}

function threadNode(cp, thread) {
  const replyText = h('textarea', { id: `reply-${thread.id}`, rows: '2', dir: 'auto', maxlength: '10000', 'data-reply-to': thread.id });
  const reply = h('form', { class: 'comment-form reply-form', onSubmit: (event) => {
    event.preventDefault();
    act(cp, 'comment_reply', { comment: thread.id, text: replyText.value }, replyText, t('comments.replied'));
  } },
  h('label', { for: `reply-${thread.id}` }, t('comments.replyLabel')),
  replyText,
  h('div', { class: 'button-row' },
    h('button', { type: 'submit', 'data-action': 'comment-reply' }, t('comments.reply')),
    thread.open
      ? h('button', { type: 'button', 'data-action': 'comment-resolve', onClick: () => act(cp, 'comment_resolve', { comment: thread.id }, null, t('comments.resolvedNotice')) }, t('comments.resolve'))
      : h('button', { type: 'button', 'data-action': 'comment-reopen', onClick: () => act(cp, 'comment_reopen', { comment: thread.id }, null, t('comments.reopenedNotice')) }, t('comments.reopen'))));
  return h('li', { class: 'comment-thread', 'data-thread': thread.id, 'data-open': String(thread.open) },
    h('ul', { class: 'comments' }, thread.comments.map(commentNode)),
    thread.open ? null : h('p', { class: 'comment-resolved' },
      h('span', { class: 'badge' }, t('comments.resolvedBadge')), ' ',
      t('comments.resolvedBy', { name: thread.resolvedBy ?? '', when: formatDateTime(thread.resolvedAt) })),
    reply);
}

/** Runs one comment command; on success reloads the threads and tells the editor. */
async function act(cp, command, args, input, done) {
  if (input && !input.value.trim()) {
    cp.status.textContent = t('comments.empty');
    input.focus();
    return;
  }
  try {
    await invoke(command, { id: cp.ctx.id, ...args });
    await load(cp);
    cp.status.textContent = done;
    cp.ctx.changed();
    cp.panel.body.querySelector('#comment-new')?.focus();
  } catch (error) {
    cp.status.textContent = t('comments.failed', { reason: describeError(error) });
    input?.focus();
  }
}

/**
 * Puts the open-comment count beside each field's label in `handles` (path → field handle):
 * a button that opens the field's threads (`open(path)`). The one place the editor's fields
 * get a comment mark; it adds to a field's element and never changes the control.
 */
export function markCommentCounts(handles, counts, open) {
  for (const [path, handle] of handles) {
    const count = counts?.byField?.[path] ?? 0;
    const label = pathLabel(path);
    const button = handle.el.querySelector(':scope > .comment-badge')
      ?? handle.el.insertAdjacentElement('afterbegin', h('button', { type: 'button', class: 'comment-badge', 'data-comment-badge': path, onClick: () => open(path) }));
    button.dataset.commentCount = String(count);
    button.setAttribute('aria-label', count
      ? t('comments.badgeLabel', { field: label, count, formatted: formatNumber(count) })
      : t('comments.badgeLabelNone', { field: label }));
    replace(button, h('span', { 'aria-hidden': 'true' },
      count ? t('comments.badgeCount', { count, formatted: formatNumber(count) }) : t('comments.badgeNone')));
  }
}

/** Shows the open-comment count of each section and objective on the navigation's entries. */
export function markNavComments(nav, counts) {
  for (const button of nav?.querySelectorAll('[data-nav]') ?? []) {
    const [sectionId, number] = button.dataset.nav.split('.');
    const count = (number === undefined ? counts?.bySection?.[sectionId] : counts?.byObjective?.[number]) ?? 0;
    let mark = button.querySelector('.nav-comments');
    if (!count) {
      mark?.remove();
      continue;
    }
    if (!mark) {
      mark = h('span', { class: 'nav-comments' });
      button.append(mark);
    }
    mark.dataset.commentCount = String(count);
    replace(mark, h('span', { 'aria-hidden': 'true' }, formatNumber(count)),
      h('span', { class: 'visually-hidden' }, t('comments.navCount', { count, formatted: formatNumber(count) })));
  }
}
