import { el } from '../dom.js';
import { get } from '../api.js';
import { dateTime, money, titleCase } from '../format.js';
import { session } from '../session.js';

const POLL_MS = 2000;

export function statusBadge(status) {
  return el('span', { class: `status status-${status}`, text: titleCase(status) });
}

function row(order) {
  return el('tr', { 'data-order-id': String(order.id) },
    el('th', { scope: 'row' }, `#${order.id}`),
    el('td', { text: dateTime(order.created_at) }),
    el('td', { class: 'num', text: money(order.total_amount, order.currency) }),
    el('td', { class: 'order-status' }, statusBadge(order.status)),
    el('td', {}, order.status === 'pending'
      ? el('a', { href: `#/pay/${order.id}`, class: 'button button-small', text: 'Pay now' })
      : el('a', { href: `#/pay/${order.id}`, class: 'link-button', text: 'Details' })));
}

export async function ordersView(main) {
  const body = el('tbody', {});
  const live = el('p', { class: 'muted small', 'aria-live': 'polite', id: 'orders-live' });
  const table = el('table', { class: 'table', id: 'orders-table' },
    el('caption', { class: 'visually-hidden', text: 'Your orders' }),
    el('thead', {}, el('tr', {}, ['Order', 'Placed', 'Total', 'Status', ''].map((h) => el('th', { scope: 'col', text: h })))),
    body);
  const section = el('section', { class: 'panel' }, el('h1', { text: 'My orders' }), live);
  main.append(section);
  let timer = null;
  let stopped = false;

  const load = async () => {
    const orders = await get(`/orders/user/${session.userId()}?per_page=50`);
    if (stopped) return;
    if (!orders.length) {
      section.replaceChildren(el('h1', { text: 'My orders' }), el('div', { class: 'empty' },
        el('p', { text: 'You have no orders yet.' }), el('a', { href: '#/', class: 'button', text: 'Start shopping' })));
      return;
    }
    if (!table.isConnected) section.append(el('div', { class: 'table-wrap' }, table));
    body.replaceChildren(...orders.map(row));
    const pending = orders.some((o) => o.status === 'pending');
    live.textContent = pending ? 'Pending orders update automatically.' : '';
    // poll only while something can still change by itself
    if (pending) timer = setTimeout(tick, POLL_MS);
  };
  const tick = () => load().catch(() => {
    if (!stopped) timer = setTimeout(tick, POLL_MS);
  });
  await load();
  return () => { stopped = true; clearTimeout(timer); };
}
