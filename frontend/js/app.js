// The storefront: a hash router over small views. No framework, no build step.
import { clear, el } from './dom.js';
import { session } from './session.js';
import { cart } from './cart.js';
import { catalogView } from './views/catalog.js';
import { productView } from './views/product.js';
import { cartView } from './views/cart.js';
import { loginView, registerView } from './views/auth.js';
import { checkoutView } from './views/checkout.js';
import { payView } from './views/pay.js';
import { ordersView } from './views/orders.js';
import { adminView } from './views/admin.js';

const routes = [
  { pattern: /^\/?$/, view: catalogView, nav: 'catalog' },
  { pattern: /^\/product\/(\d+)$/, view: productView, nav: 'catalog' },
  { pattern: /^\/cart$/, view: cartView, nav: 'cart' },
  { pattern: /^\/login$/, view: loginView, nav: 'login' },
  { pattern: /^\/register$/, view: registerView, nav: 'register' },
  { pattern: /^\/checkout$/, view: checkoutView, nav: 'cart', auth: 'user' },
  { pattern: /^\/pay\/(\d+)$/, view: payView, nav: 'orders', auth: 'user' },
  { pattern: /^\/orders$/, view: ordersView, nav: 'orders', auth: 'user' },
  { pattern: /^\/admin$/, view: adminView, nav: 'admin', auth: 'admin' },
];

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3000);
}

function parse() {
  const raw = decodeURIComponent(location.hash.replace(/^#/, '') || '/');
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

async function render() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const { path, query } = parse();
  const route = routes.find((r) => r.pattern.test(path));
  updateHeader(route ? route.nav : null);
  clear(main);
  if (!route) {
    main.append(el('section', { class: 'panel narrow' },
      el('h1', { text: 'Page not found' }),
      el('p', {}, el('a', { href: '#/', text: 'Back to the catalog' }))));
    return;
  }
  if (route.auth && !session.isLoggedIn()) {
    location.hash = `#/login?next=${encodeURIComponent(path)}`;
    return;
  }
  if (route.auth === 'admin' && !session.isAdmin()) {
    main.append(el('section', { class: 'panel narrow' }, el('h1', { text: 'Admins only' }),
      el('p', { text: 'This page is for shop administrators.' })));
    return;
  }
  const params = path.match(route.pattern).slice(1);
  try {
    cleanup = await route.view(main, { params, query });
  } catch (err) {
    clear(main);
    main.append(el('div', { class: 'message message-error', role: 'alert' },
      el('p', { text: err.message || 'Something went wrong.' })));
  }
  if (!firstRender) main.focus({ preventScroll: true });
  firstRender = false;
}

function updateHeader(active) {
  const loggedIn = session.isLoggedIn();
  const admin = session.isAdmin();
  document.querySelectorAll('[data-auth]').forEach((node) => {
    const need = node.dataset.auth;
    node.hidden = need === 'guest' ? loggedIn : need === 'admin' ? !admin : !loggedIn;
  });
  document.querySelectorAll('[data-nav]').forEach((node) => {
    if (node.dataset.nav === active) node.setAttribute('aria-current', 'page');
    else node.removeAttribute('aria-current');
  });
  const user = session.user();
  document.getElementById('user-name').textContent = user ? (user.username || user.email || '') : '';
  updateCartCount();
}

function updateCartCount() {
  document.getElementById('cart-count').textContent = String(cart.count());
}

document.getElementById('logout').addEventListener('click', () => {
  session.clear();
  toast('You are logged out.');
  navigate('#/');
});

cart.onChange(updateCartCount);
session.onChange(() => updateHeader(parse().path === '/' ? 'catalog' : null));
window.addEventListener('hashchange', render);
window.addEventListener('storage', () => updateHeader(null));
render();
