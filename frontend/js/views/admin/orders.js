// Admin: orders by status, and one order with its items, payment, emails and the moves its state allows.
import { el } from '../../dom.js';
import { get, post, put } from '../../api.js';
import { dateTime, money, titleCase } from '../../format.js';
import { navigate } from '../../nav.js';
import { pageParam, pager, statusBadge } from '../../widgets.js';
import { answerBox, cell, confirmStep, listHref, loaded, showFlash, table } from './ui.js';

const PER_PAGE = 20;
const EMAILS_PER_PAGE = 10;
const POLL_MS = 1500;
const STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'refunded'];

/**
 * What an admin may do next, as docs/api/order.md's state machine allows. Confirming is left to the
 * payment (an admin confirming would ship unpaid goods); refunded follows a refund of the payment.
 */
const MOVES = {
  pending: [['cancelled', 'Cancel order', 'Cancel order #{id}? Its stock goes back on sale.']],
  confirmed: [['shipped', 'Mark shipped', null],
    ['cancelled', 'Cancel order', 'Cancel order #{id}? It is paid: the payment is refunded and the stock goes back on sale.']],
  shipped: [['delivered', 'Mark delivered', null]],
};

function filterForm(status) {
  const select = el('select', { id: 'admin-order-status', name: 'status' },
    el('option', { value: '', text: 'Every status', selected: !status }),
    STATUSES.map((s) => el('option', { value: s, text: titleCase(s), selected: s === status })));
  return el('form', { class: 'search admin-search', onsubmit: (e) => {
    e.preventDefault();
    navigate(listHref('orders', { status: select.value }));
  } }, el('label', { for: select.id, text: 'Status' }), select,
  el('button', { type: 'submit', class: 'button button-secondary', id: 'admin-order-filter', text: 'Show' }));
}

export async function orderListPage(root, { query }) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const page = pageParam(query);
  root.append(el('h1', { text: status ? `${titleCase(status)} orders` : 'Orders' }), filterForm(status));
  const res = await get(`/orders?per_page=${PER_PAGE}&page=${page}${status ? `&status=${status}` : ''}`);
  const orders = res.orders || [];
  if (!orders.length) {
    root.append(el('p', { class: 'empty', text: status ? `No ${status} orders.` : 'No orders yet.' }));
    return null;
  }
  root.append(table('Orders', ['Order', 'Customer', 'Placed', 'Total', 'Status'], orders.map((o) => el('tr', { 'data-order-id': String(o.id) },
    el('th', { scope: 'row' }, el('a', { href: `#/admin/orders/${o.id}`, text: `Order #${o.id}` })),
    cell('Customer', el('a', { href: `#/admin/users/${o.user_id}`, text: `User #${o.user_id}` })),
    cell('Placed', dateTime(o.created_at)),
    cell('Total', money(o.total_amount, o.currency), { class: 'num' }),
    cell('Status', statusBadge(o.status)))), 'admin-orders'));
  const total = res.pagination ? res.pagination.total : orders.length;
  const pages = pager({ page, perPage: PER_PAGE, total, href: (n) => listHref('orders', { status, page: n }), label: 'Orders' });
  if (pages) root.append(pages);
  return null;
}

function itemsTable(order) {
  return table('Items', ['Product', 'Quantity', 'Unit price', 'Line total'], (order.items || []).map((i) => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: `#/admin/products/${i.product_id}`, text: i.product_name || `Product ${i.product_id}` })),
    cell('Quantity', String(i.quantity), { class: 'num' }),
    cell('Unit price', money(i.unit_price, order.currency), { class: 'num' }),
    cell('Line total', money(i.total_price, order.currency), { class: 'num' }))), 'admin-order-items');
}

function paymentsTable(payments, refundCell) {
  if (!payments.length) return el('p', { class: 'muted', text: 'No payment yet.' });
  return table('Payments', ['Payment', 'Method', 'Amount', 'Status', 'When', ''], payments.map((p) => el('tr', { 'data-payment-id': p.payment_id },
    el('th', { scope: 'row', text: p.payment_id }),
    cell('Method', `${titleCase(p.payment_method)}${p.card_last_four ? ` ending ${p.card_last_four}` : ''}`),
    cell('Amount', money(p.amount, p.currency), { class: 'num' }),
    cell('Status', el('span', {}, statusBadge(p.payment_status), p.error_code ? ` ${p.error_code}` : '')),
    cell('When', dateTime(p.created_at)),
    cell('Refund', refundCell(p)))), 'admin-order-payments');
}

function emailsTable(list) {
  if (!list.length) return el('p', { class: 'muted', text: 'No email about this order yet.' });
  return table('Emails about this order', ['Email', 'To', 'Status', 'Attempts', 'Created'], list.map((n) => el('tr', {},
    el('th', { scope: 'row', text: n.title }),
    cell('To', n.recipient || '—'),
    cell('Status', statusBadge(n.status)),
    cell('Attempts', String(n.attempts), { class: 'num' }),
    cell('Created', dateTime(n.created_at)))), 'admin-order-emails');
}

export async function orderPage(root, { id, query }) {
  const emailPage = pageParam(query, 'emails');
  const answer = answerBox();
  let timer = null;
  let stopped = false;
  const heading = el('h1', { text: `Order #${id}` });
  const body = el('div', {});
  root.append(el('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    el('a', { href: '#/admin/orders', text: 'Orders' }), el('span', { 'aria-hidden': 'true', text: ' / ' }),
    el('span', { text: `Order #${id}` })), heading, answer, body);
  showFlash(answer);

  const draw = async () => {
    const [order, payments] = await Promise.all([get(`/orders/${id}`),
      get(`/payments/order/${id}`).catch((err) => (err.status === 404 ? [] : Promise.reject(err)))]);
    if (stopped) return;
    heading.replaceChildren(`Order #${order.id} `, statusBadge(order.status));
    const moves = el('div', { class: 'row-actions', id: 'admin-order-moves' });
    (MOVES[order.status] || []).forEach(([target, label, question]) => {
      const holder = el('span', { class: 'confirm-holder' });
      const act = async () => {
        try {
          await put(`/orders/${order.id}/status`, { status: target });
          await draw();
          answer.show('success', `Order #${order.id} is now ${target}.`);
        } catch (err) {
          answer.failed(err);
        }
      };
      holder.append(el('button', { type: 'button', class: target === 'cancelled' ? 'button button-secondary' : 'button',
        'data-move': target, text: label,
        onclick: () => (question ? confirmStep(holder, question.replace('{id}', order.id), label, act, { noLabel: 'Keep the order' }) : act()) }));
      moves.append(holder);
    });
    if (!moves.childNodes.length) moves.append(el('p', { class: 'muted', text: `A ${order.status} order has no further move.` }));
    const refundCell = (p) => {
      if (p.payment_status !== 'completed') return '';
      const holder = el('span', { class: 'confirm-holder' });
      holder.append(el('button', { type: 'button', class: 'button button-secondary button-small', 'data-refund': p.payment_id,
        text: 'Refund', 'aria-label': `Refund payment ${p.payment_id}`,
        onclick: () => confirmStep(holder, `Refund ${money(p.amount, p.currency)} to the customer? The order becomes `
          + `${order.status === 'shipped' || order.status === 'delivered' ? 'refunded (the goods are not taken back)' : 'cancelled and its stock goes back on sale'}.`,
        'Refund', async () => {
          try {
            await post(`/payments/${p.payment_id}/refund`, {});
            await draw();
            answer.show('success', `Refunded ${money(p.amount, p.currency)} for order #${order.id}. The order follows in a moment.`);
          } catch (err) {
            answer.failed(err);
          }
        }, { noLabel: 'Do not refund' }) }));
      return holder;
    };
    body.replaceChildren(el('div', { class: 'admin-grid' },
      el('section', { class: 'panel', 'aria-labelledby': 'order-moves-title' }, el('h2', { id: 'order-moves-title', text: 'Next step' }), moves,
        el('dl', { class: 'facts' },
          el('dt', { text: 'Customer' }), el('dd', {}, el('a', { href: `#/admin/users/${order.user_id}`, text: `User #${order.user_id}` })),
          el('dt', { text: 'Placed' }), el('dd', { text: dateTime(order.created_at) }),
          el('dt', { text: 'Updated' }), el('dd', { text: dateTime(order.updated_at) }),
          el('dt', { text: 'Ships to' }), el('dd', { id: 'admin-order-address', text: order.shipping_address || '—' }),
          el('dt', { text: 'Total' }), el('dd', { text: money(order.total_amount, order.currency) }))),
      el('section', { class: 'panel', 'aria-labelledby': 'order-items-title' }, el('h2', { id: 'order-items-title', text: 'Items' }), itemsTable(order))),
    el('section', { class: 'panel spaced', 'aria-labelledby': 'order-pay-title' }, el('h2', { id: 'order-pay-title', text: 'Payment' }),
      paymentsTable(payments, refundCell)),
    el('section', { class: 'panel spaced', 'aria-labelledby': 'order-mail-title' }, el('h2', { id: 'order-mail-title', text: 'Emails sent' }),
      loaded(get(`/notifications?order_id=${order.id}&per_page=${EMAILS_PER_PAGE}&page=${emailPage}`), (res) => el('div', {},
        emailsTable(res.notifications || []),
        pager({ page: emailPage, perPage: EMAILS_PER_PAGE, total: res.pagination ? res.pagination.total : 0,
          href: (n) => `#/admin/orders/${order.id}?emails=${n}`, label: 'Emails sent' })))));
    // a refund reaches the order through the payment service's outbox: watch until it arrives
    clearTimeout(timer);
    const refunded = payments.some((p) => p.payment_status === 'refunded');
    if (refunded && !['refunded', 'cancelled'].includes(order.status)) timer = setTimeout(() => draw().catch(() => {}), POLL_MS);
  };
  await draw();
  return () => { stopped = true; clearTimeout(timer); };
}
