// Pieces of the shopper's pages used by several views: pictures, stock, the add-to-cart button, status badges.
import { el } from './dom.js';
import { cart } from './cart.js';
import { toast } from './nav.js';
import { titleCase } from './format.js';

export function stockLabel(stock) {
  if (stock <= 0) return el('span', { class: 'stock stock-out', text: 'Sold out' });
  if (stock <= 5) return el('span', { class: 'stock stock-low', text: `Only ${stock} left` });
  return el('span', { class: 'stock stock-in', text: `In stock: ${stock}` });
}

/** The lettered tile a product without a (loadable) picture gets: decoration, its name is always written nearby. */
function letterTile(product, size) {
  const hue = (Number(product.id) * 57) % 360;
  const art = el('div', { class: `product-art ${size}`, 'aria-hidden': 'true' },
    el('span', { text: (product.name || '?').trim().charAt(0).toUpperCase() }));
  art.style.setProperty('--hue', String(hue));
  return art;
}

/**
 * The product's picture with its name as alt text; the lettered tile when it has none or the
 * picture cannot load (a broken address, or another host's, which the Content-Security-Policy blocks).
 */
export function productArt(product, size = '') {
  const url = product.image_url || product.imageUrl;
  if (!url) return letterTile(product, size);
  const img = el('img', { src: url, alt: product.name || 'Product picture', class: `product-art product-img ${size}`,
    decoding: 'async' });
  img.addEventListener('error', () => img.replaceWith(letterTile(product, size)), { once: true });
  return img;
}

export function addButton(product, quantityOf = () => 1) {
  const soldOut = product.stock <= 0;
  return el('button', {
    type: 'button',
    class: 'button',
    disabled: soldOut,
    // the visible words first, then which product: a name that starts with what is seen (WCAG 2.5.3)
    'aria-label': soldOut ? `Sold out: ${product.name}` : `Add to cart: ${product.name}`,
    text: soldOut ? 'Sold out' : 'Add to cart',
    onclick: () => {
      const n = cart.add(product, quantityOf());
      toast(`${product.name} added to your cart (${n} in cart).`);
    },
  });
}

export function statusBadge(status) {
  return el('span', { class: `status status-${status}`, text: titleCase(status) });
}

/** The page number asked for in a view's query (?page=3, or another key), 1 when absent or nonsense. */
export function pageParam(query, key = 'page') {
  const n = parseInt(query.get(key) || '1', 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/**
 * "Previous · Page 2 of 5 · Next" for a listing of {@code total} items, {@code perPage} a page;
 * {@code href(n)} is page n's address. Nothing when everything fits on one page.
 */
export function pager({ page, perPage, total, href, label }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1 && page <= 1) return null;
  const link = (n, text, rel) => (n >= 1 && n <= pages
    ? el('a', { href: href(n), class: 'button button-secondary button-small', rel, text })
    : el('span', { class: 'button button-secondary button-small is-disabled', 'aria-disabled': 'true', text }));
  return el('nav', { class: 'pager', 'aria-label': `${label}: pages` },
    link(page - 1, 'Previous', 'prev'),
    el('span', { class: 'pager-status', text: `Page ${Math.min(page, pages)} of ${pages} · ${total} in all` }),
    link(page + 1, 'Next', 'next'));
}
