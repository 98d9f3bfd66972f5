// Admin: customers found by name or email, and one customer with their orders, payments and account state.
import { el } from '../../dom.js';
import { get, getPage, put } from '../../api.js';
import { dateTime, money, titleCase } from '../../format.js';
import { navigate } from '../../nav.js';
import { session } from '../../session.js';
import { pageParam, pager, statusBadge } from '../../widgets.js';
import { answerBox, cell, confirmStep, flash, listHref, showFlash, table } from './ui.js';

const PER_PAGE = 20;
const SUB_PAGE = 10;

function fullName(u) {
  return [u.first_name, u.last_name].filter(Boolean).join(' ') || '—';
}

function stateBadge(user) {
  return el('span', { class: `status ${user.is_active ? 'status-confirmed' : 'status-cancelled'}`,
    text: user.is_active ? 'Active' : 'Deactivated' });
}

export async function userListPage(root, { query }) {
  const q = query.get('q') || '';
  const page = pageParam(query);
  const search = el('input', { type: 'search', id: 'admin-user-q', name: 'q', value: q, autocomplete: 'off', maxlength: '100',
    placeholder: 'Name, username or email' });
  root.append(el('h1', { text: q ? `Users matching “${q}”` : 'Users' }),
    el('form', { class: 'search admin-search', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      navigate(listHref('users', { q: search.value.trim() }));
    } }, el('label', { for: search.id, class: 'visually-hidden', text: 'Search users' }), search,
    el('button', { type: 'submit', class: 'button button-secondary', id: 'admin-user-search', text: 'Search' })));
  const { items, total } = await getPage(`/users?per_page=${PER_PAGE}&page=${page}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  if (!items.length) {
    root.append(el('p', { class: 'empty', text: q ? `Nobody matches “${q}”.` : 'No users yet.' }));
    return null;
  }
  root.append(table('Users', ['User', 'Email', 'Name', 'Joined', 'Roles', 'Account'], items.map((u) => el('tr', { 'data-user-id': String(u.id) },
    el('th', { scope: 'row' }, el('a', { href: `#/admin/users/${u.id}`, text: u.username })),
    cell('Email', u.email),
    cell('Name', fullName(u)),
    cell('Joined', dateTime(u.created_at)),
    cell('Roles', (u.roles || []).map(titleCase).join(', ')),
    cell('Account', stateBadge(u)))), 'admin-users'));
  const pages = pager({ page, perPage: PER_PAGE, total, href: (n) => listHref('users', { q, page: n }), label: 'Users' });
  if (pages) root.append(pages);
  return null;
}

/** A paged list inside the user's page: its own page number in the address (?orders=2), the rest kept. */
async function subList(id, query, key, path, render) {
  const page = pageParam(query, key);
  const { items, total } = await getPage(`${path}?per_page=${SUB_PAGE}&page=${page}`);
  const href = (n) => {
    const q = new URLSearchParams(query);
    q.set(key, String(n));
    return `#/admin/users/${id}?${q}`;
  };
  return el('div', {}, items.length ? render(items) : el('p', { class: 'muted', text: 'None yet.' }),
    pager({ page, perPage: SUB_PAGE, total, href, label: titleCase(key) }));
}

function accountAction(user, answer, here) {
  const holder = el('span', { class: 'confirm-holder' });
  if (user.id === session.userId()) {
    holder.append(el('p', { class: 'muted', text: 'This is your own account: another admin can deactivate it.' }));
    return holder;
  }
  const change = async (active) => {
    try {
      await put(`/users/${user.id}/status`, { is_active: active });
      flash(active
        ? `${user.username} is active again and can log in (their old sessions stay ended).`
        : `${user.username} is deactivated: they cannot log in, and every session they had is refused within seconds.`);
      navigate(here);
    } catch (err) {
      answer.failed(err);
    }
  };
  holder.append(user.is_active
    ? el('button', { type: 'button', class: 'button button-secondary', id: 'admin-deactivate', text: 'Deactivate account',
      onclick: () => confirmStep(holder, `Deactivate ${user.username}? They are logged out everywhere and cannot log in until reactivated.`,
        'Deactivate', () => change(false), { noLabel: 'Keep active' }) })
    : el('button', { type: 'button', class: 'button', id: 'admin-reactivate', text: 'Reactivate account', onclick: () => change(true) }));
  return holder;
}

export async function userPage(root, { id, query }) {
  const answer = answerBox();
  const user = await get(`/users/${id}`);
  const here = `#/admin/users/${id}${query.toString() ? `?${query}` : ''}`;
  root.append(el('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    el('a', { href: '#/admin/users', text: 'Users' }), el('span', { 'aria-hidden': 'true', text: ' / ' }),
    el('span', { text: user.username })),
  el('h1', {}, `${user.username} `, stateBadge(user)), answer);
  showFlash(answer);
  const [orders, payments] = await Promise.all([
    subList(id, query, 'orders', `/orders/user/${id}`, (list) => table('Orders', ['Order', 'Placed', 'Total', 'Status'], list.map((o) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: `#/admin/orders/${o.id}`, text: `Order #${o.id}` })),
      cell('Placed', dateTime(o.created_at)), cell('Total', money(o.total_amount, o.currency), { class: 'num' }),
      cell('Status', statusBadge(o.status)))), 'admin-user-orders')),
    subList(id, query, 'payments', `/payments/user/${id}`, (list) => table('Payments', ['Payment', 'Order', 'Amount', 'Status', 'When'], list.map((p) => el('tr', {},
      el('th', { scope: 'row', text: p.payment_id }),
      cell('Order', el('a', { href: `#/admin/orders/${p.order_id}`, text: `Order #${p.order_id}` })),
      cell('Amount', money(p.amount, p.currency), { class: 'num' }), cell('Status', statusBadge(p.payment_status)),
      cell('When', dateTime(p.created_at)))), 'admin-user-payments')),
  ]);
  root.append(el('div', { class: 'admin-grid' },
    el('section', { class: 'panel', 'aria-labelledby': 'user-facts-title' }, el('h2', { id: 'user-facts-title', text: 'Account' }),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Email' }), el('dd', { text: user.email }),
        el('dt', { text: 'Name' }), el('dd', { text: fullName(user) }),
        el('dt', { text: 'Joined' }), el('dd', { text: dateTime(user.created_at) }),
        el('dt', { text: 'Roles' }), el('dd', { text: (user.roles || []).map(titleCase).join(', ') })),
      accountAction(user, answer, here)),
    el('section', { class: 'panel', 'aria-labelledby': 'user-orders-title' }, el('h2', { id: 'user-orders-title', text: 'Orders' }), orders)),
  el('section', { class: 'panel spaced', 'aria-labelledby': 'user-payments-title' }, el('h2', { id: 'user-payments-title', text: 'Payments' }), payments));
  return null;
}
