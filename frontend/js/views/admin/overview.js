// The admin's first page: payment figures and the emails the launcher's SMTP sink received.
import { el } from '../../dom.js';
import { get } from '../../api.js';
import { dateTime, money, titleCase } from '../../format.js';
import { loaded } from './ui.js';

function stats(s) {
  const tiles = [
    ['Payments', s.total_payments], ['Completed', s.completed], ['Failed', s.failed], ['Refunded', s.refunded],
    ['Collected', money(s.total_amount || 0, 'INR')],
  ];
  const byMethod = Object.entries(s.by_method || {});
  return el('div', {},
    el('dl', { class: 'stats' }, tiles.map(([label, value]) => el('div', { class: 'stat' },
      el('dt', { text: label }), el('dd', { text: String(value ?? 0) })))),
    byMethod.length ? el('p', { class: 'muted small', text: `By method: ${byMethod.map(([m, n]) => `${titleCase(m)} ${n}`).join(' · ')}` }) : null);
}

function mailbox(list) {
  if (!list.length) return el('p', { class: 'muted', text: 'No email received yet.' });
  // it scrolls: focusable, so a keyboard can scroll it too
  return el('ul', { class: 'mail-list', id: 'admin-emails', tabIndex: 0, 'aria-label': 'Received emails' }, list.map((m) => el('li', { class: 'mail' },
    el('div', { class: 'mail-head' },
      el('strong', { class: 'mail-subject', text: m.subject || '(no subject)' }),
      el('span', { class: 'muted small', text: dateTime(m.date) })),
    el('p', { class: 'small' }, 'To ', el('span', { text: m.to || '' })),
    el('p', { class: 'muted small mail-excerpt', text: m.excerpt || '' }))));
}

function card(title, id, content) {
  return el('section', { class: 'panel admin-card', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title`, text: title }), content);
}

export function overviewPage(root) {
  root.append(el('h1', { text: 'Admin' }),
    el('p', { class: 'muted', text: 'Run the shop from here: products and stock, orders from payment to delivery, customers, emails.' }),
    el('div', { class: 'admin-grid' },
      card('Payments', 'admin-stats', loaded(get('/payments/stats'), stats)),
      card('Received emails', 'admin-mail', el('div', {},
        el('p', { class: 'muted small', text: 'What the launcher\'s SMTP sink received (in compose, Mailpit\'s inbox on port 8025 has them).' }),
        loaded(get('/mailbox?limit=20'), mailbox)))));
  return null;
}
