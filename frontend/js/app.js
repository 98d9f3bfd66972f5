// The storefront: a hash router over small views. No framework, no build step.
// Views never import this module: they move on with nav.js and share widgets.js, so the imports form no cycle.
import { clear, el } from './dom.js';
import { session } from './session.js';
import { cart } from './cart.js';
import { navigate, toast } from './nav.js';
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
  { pattern: /^\/admin(?:\/(products|orders|users|emails)(?:\/(new|\d+))?)?$/, view: adminView, nav: 'admin', auth: 'admin' },
];

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;
let current = null;
let generation = 0;

function parse() {
  const raw = decodeURIComponent(location.hash.replace(/^#/, '') || '/');
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

/** Focus follows navigation: to whatever the view focused itself (a form's first field), else its heading. */
function focusNewContent() {
  if (main.contains(document.activeElement) && document.activeElement !== main) return;
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  } else {
    main.focus();
  }
}

async function render() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const mine = ++generation;
  const { path, query } = parse();
  const route = routes.find((r) => r.pattern.test(path));
  current = route || null;
  updateHeader(route ? route.nav : null);
  clear(main);
  if (!route) {
    main.append(el('section', { class: 'panel narrow' },
      el('h1', { text: 'Page not found' }),
      el('p', {}, el('a', { href: '#/', text: 'Back to the catalog' }))));
  } else if (route.auth && !session.isLoggedIn()) {
    location.hash = `#/login?next=${encodeURIComponent(path + (query.toString() ? `?${query}` : ''))}`;
    return;
  } else if (route.auth === 'admin' && !session.isAdmin()) {
    main.append(el('section', { class: 'panel narrow' }, el('h1', { text: 'Admins only' }),
      el('p', { text: 'This page is for shop administrators.' })));
  } else {
    const params = path.match(route.pattern).slice(1);
    try {
      const done = await route.view(main, { params, query });
      if (mine !== generation) {
        if (typeof done === 'function') done();
        return;
      }
      cleanup = done;
    } catch (err) {
      if (mine !== generation) return;
      clear(main);
      main.append(el('section', { class: 'panel narrow' }, el('h1', { text: 'Something went wrong' }),
        el('div', { class: 'message message-error', role: 'alert' }, el('p', { text: err.message || 'Please try again.' }))));
    }
  }
  if (!firstRender) focusNewContent();
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

// the skip link would change the hash (and so the page): move focus instead
document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  focusNewContent();
});

cart.onChange(updateCartCount);
// logged out here or elsewhere, or the shop refused the token: a page that needs a login goes to the login form
session.onChange(() => {
  if (current && current.auth && !session.isLoggedIn()) render();
  else updateHeader(current ? current.nav : null);
});
window.addEventListener('hashchange', render);
window.addEventListener('storage', () => updateHeader(current ? current.nav : null));
render();
