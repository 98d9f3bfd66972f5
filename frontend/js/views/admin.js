// The admin console: one page per job (#/admin/products, /orders, /users, /emails), each under the same section links.
import { el } from '../dom.js';
import { overviewPage } from './admin/overview.js';
import { productListPage, productFormPage } from './admin/products.js';
import { orderListPage, orderPage } from './admin/orders.js';
import { userListPage, userPage } from './admin/users.js';
import { emailListPage } from './admin/emails.js';

const SECTIONS = [
  ['', 'Overview'], ['products', 'Products'], ['orders', 'Orders'], ['users', 'Users'], ['emails', 'Emails'],
];

const PAGES = {
  '': { list: overviewPage },
  products: { list: productListPage, one: productFormPage },
  orders: { list: orderListPage, one: orderPage },
  users: { list: userListPage, one: userPage },
  emails: { list: emailListPage },
};

function sectionLinks(active) {
  return el('nav', { class: 'admin-nav', 'aria-label': 'Admin sections' },
    SECTIONS.map(([path, label]) => el('a', {
      href: path ? `#/admin/${path}` : '#/admin',
      'aria-current': path === active ? 'page' : null,
      text: label,
    })));
}

export async function adminView(main, { params, query }) {
  const [section = '', id] = params;
  const pages = PAGES[section || ''];
  const content = el('div', { class: 'admin-page' });
  main.append(sectionLinks(section || ''), content);
  const page = id && pages.one ? pages.one : pages.list;
  return page(content, { id, query });
}
