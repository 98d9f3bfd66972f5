import { el } from '../dom.js';
import { get } from '../api.js';
import { dateTime, money, titleCase } from '../format.js';
import { statusBadge } from './orders.js';

function table(caption, headers, rows, id) {
  return el('div', { class: 'table-wrap' }, el('table', { class: 'table', id },
    el('caption', { class: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows)));
}

function card(title, id, content) {
  return el('section', { class: 'panel admin-card', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title`, text: title }), content);
}

function failed(err) {
  return el('p', { class: 'message message-error', text: err.message || 'Could not load this section.' });
}

function products(list) {
  return table('Products', ['ID', 'Name', 'Price', 'Stock'], list.map((p) => el('tr', {},
    el('td', { text: String(p.id) }), el('th', { scope: 'row', text: p.name }),
    el('td', { class: 'num', text: money(p.price, p.currency) }),
    el('td', { class: 'num', text: String(p.stock) }))), 'admin-products');
}

function orders(page) {
  const list = page.orders || [];
  if (!list.length) return el('p', { class: 'muted', text: 'No orders yet.' });
  return table('Recent orders', ['Order', 'User', 'Placed', 'Total', 'Status'], list.map((o) => el('tr', {},
    el('th', { scope: 'row', text: `#${o.id}` }), el('td', { text: String(o.user_id) }),
    el('td', { text: dateTime(o.created_at) }), el('td', { class: 'num', text: money(o.total_amount, o.currency) }),
    el('td', {}, statusBadge(o.status)))), 'admin-orders');
}

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

function emails(list) {
  if (!list.length) return el('p', { class: 'muted', text: 'No email received yet.' });
  return el('ul', { class: 'mail-list', id: 'admin-emails' }, list.map((m) => el('li', { class: 'mail' },
    el('div', { class: 'mail-head' },
      el('strong', { class: 'mail-subject', text: m.subject || '(no subject)' }),
      el('span', { class: 'muted small', text: dateTime(m.date) })),
    el('p', { class: 'small' }, 'To ', el('span', { text: m.to || '' })),
    el('p', { class: 'muted small mail-excerpt', text: m.excerpt || '' }))));
}

async function section(title, id, load, render) {
  const body = el('div', {}, el('p', { class: 'muted', text: 'Loading…' }));
  const node = card(title, id, body);
  load().then((data) => body.replaceChildren(render(data))).catch((err) => body.replaceChildren(failed(err)));
  return node;
}

export async function adminView(main) {
  const grid = el('div', { class: 'admin-grid' });
  const refresh = el('button', { type: 'button', class: 'button button-secondary', id: 'admin-refresh', text: 'Refresh',
    onclick: () => draw() });
  main.append(el('div', { class: 'order-head' }, el('h1', { text: 'Admin' }), refresh), grid);
  const draw = async () => {
    grid.replaceChildren(
      await section('Payment stats', 'admin-stats', () => get('/payments/stats'), stats),
      await section('Recent emails', 'admin-mail', () => get('/mailbox?limit=20'), emails),
      await section('Orders', 'admin-orders-card', () => get('/orders?per_page=20'), orders),
      await section('Products', 'admin-products-card', () => get('/products?per_page=100'), products));
  };
  await draw();
  return null;
}
