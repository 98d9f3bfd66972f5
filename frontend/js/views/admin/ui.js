// What the admin console's pages share: tables that fold into cards on phones, answers in the page,
// confirmation steps, filters that live in the address (so Back and reload keep them).
import { clear, el, messageBox } from '../../dom.js';

/** A table whose cells carry their column's name, so on a phone each row reads as a small card. */
export function table(caption, headers, rows, id) {
  return el('div', { class: 'table-wrap' }, el('table', { class: 'table table-stack', id },
    el('caption', { class: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows)));
}

/** A cell: {@code label} is its column's name, shown before it when the table folds. */
export function cell(label, content, props = {}) {
  return el('td', { 'data-label': label, ...props }, content);
}

/** The box every action answers in: focused, so the keyboard carries on from the answer and a screen reader reads it. */
export function answerBox() {
  const box = messageBox();
  box.tabIndex = -1;
  const show = box.show;
  box.show = (kind, text, details) => {
    show(kind, text, details);
    box.focus();
  };
  box.failed = (err) => box.show('error', err.message || 'That did not work.', err.details ? err.details() : []);
  return box;
}

let flashed = null;

/** A message for the next admin page drawn (after an action that navigates, such as saving a new product). */
export function flash(text) {
  flashed = text;
}

export function showFlash(box) {
  if (flashed) box.show('success', flashed);
  flashed = null;
}

/**
 * Replaces {@code holder}'s content with "question [yes] [no]" until one is chosen; focus goes to
 * the safe choice. {@code onYes} may return a promise: both buttons stay disabled while it runs.
 */
export function confirmStep(holder, question, yesLabel, onYes, { noLabel = 'Keep it', danger = true } = {}) {
  const before = [...holder.childNodes];
  const restore = (refocus) => {
    holder.replaceChildren(...before);
    const again = before.find((n) => n.nodeType === 1 && n.matches('button, a'));
    if (again && refocus) again.focus();
  };
  const yes = el('button', { type: 'button', class: `button button-small${danger ? ' button-danger' : ''}`, text: yesLabel });
  const no = el('button', { type: 'button', class: 'button button-secondary button-small', text: noLabel, onclick: () => restore(true) });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    no.disabled = true;
    try {
      await onYes();
    } finally {
      // still shown: the action failed and its answer has the focus
      if (yes.isConnected) restore(false);
    }
  });
  clear(holder).append(el('div', { class: 'confirm', role: 'group', 'aria-label': question },
    el('p', { class: 'confirm-question', text: question }), el('div', { class: 'confirm-actions' }, yes, no)));
  no.focus();
}

/** A hash address for an admin list with these query parameters (empty ones left out). */
export function listHref(path, params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '' && !(k === 'page' && Number(v) === 1)) q.set(k, String(v));
  });
  const s = q.toString();
  return s ? `#/admin/${path}?${s}` : `#/admin/${path}`;
}

/** A section drawn from a promise: a loading line, then the content, or the API's error in its place. */
export function loaded(promise, render) {
  const holder = el('div', {}, el('p', { class: 'muted', text: 'Loading…' }));
  promise.then((data) => holder.replaceChildren(render(data)))
    .catch((err) => holder.replaceChildren(el('p', { class: 'message message-error', text: err.message || 'Could not load this.' })));
  return holder;
}
