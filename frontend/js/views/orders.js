import { el } from '../dom.js';
import { getPage } from '../api.js';
import { dateTime, money } from '../format.js';
import { session } from '../session.js';
import { pageParam, pager, statusBadge } from '../widgets.js';

const POLL_MS = 2000;
const PER_PAGE = 20;

function row(order) {
  return el('tr', { 'data-order-id': String(order.id), 'data-status': order.status },
    el('th', { scope: 'row' }, `#${order.id}`),
    el('td', { 'data-label': 'Placed', text: dateTime(order.created_at) }),
    el('td', { class: 'num', 'data-label': 'Total', text: money(order.total_amount, order.currency) }),
    el('td', { class: 'order-status', 'data-label': 'Status' }, statusBadge(order.status)),
    el('td', {}, order.status === 'pending'
      ? el('a', { href: `#/pay/${order.id}`, class: 'button button-small', text: 'Pay now', 'aria-label': `Pay now for order #${order.id}` })
      : el('a', { href: `#/pay/${order.id}`, class: 'link-button', text: 'Details', 'aria-label': `Details of order #${order.id}` })));
}

/** Rows change in place, only where a status changed, so the keyboard focus stays where it was while the list polls. */
function draw(body, orders) {
  const rows = [...body.children];
  const same = rows.length === orders.length && orders.every((o, i) => rows[i].dataset.orderId === String(o.id));
  if (!same) {
    body.replaceChildren(...orders.map(row));
    return;
  }
  orders.forEach((o, i) => {
    if (rows[i].dataset.status !== o.status) rows[i].replaceWith(row(o));
  });
}

export async function ordersView(main, { query }) {
  const page = pageParam(query);
  const body = el('tbody', {});
  const live = el('p', { class: 'muted small', 'aria-live': 'polite', id: 'orders-live' });
  const table = el('table', { class: 'table table-stack', id: 'orders-table' },
    el('caption', { class: 'visually-hidden', text: 'Your orders' }),
    el('thead', {}, el('tr', {}, ['Order', 'Placed', 'Total', 'Status', 'Action'].map((h) => el('th', { scope: 'col', text: h })))),
    body);
  const section = el('section', { class: 'panel' }, el('h1', { text: 'My orders' }), live);
  main.append(section);
  let timer = null;
  let stopped = false;

  const load = async () => {
    const { items, total } = await getPage(`/orders/user/${session.userId()}?per_page=${PER_PAGE}&page=${page}`);
    if (stopped) return;
    if (!items.length) {
      section.replaceChildren(el('h1', { text: 'My orders' }), el('div', { class: 'empty' },
        el('p', { text: 'You have no orders yet.' }), el('a', { href: '#/', class: 'button', text: 'Start shopping' })));
      return;
    }
    if (!table.isConnected) {
      section.append(el('div', { class: 'table-wrap' }, table));
      const pages = pager({ page, perPage: PER_PAGE, total, href: (n) => `#/orders?page=${n}`, label: 'My orders' });
      if (pages) section.append(pages);
    }
    draw(body, items);
    const pending = items.some((o) => o.status === 'pending');
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
