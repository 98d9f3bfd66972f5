import { el } from '../dom.js';
import { get } from '../api.js';
import { money } from '../format.js';
import { cart } from '../cart.js';
import { toast } from '../app.js';

export function stockLabel(stock) {
  if (stock <= 0) return el('span', { class: 'stock stock-out', text: 'Sold out' });
  if (stock <= 5) return el('span', { class: 'stock stock-low', text: `Only ${stock} left` });
  return el('span', { class: 'stock stock-in', text: `In stock: ${stock}` });
}

export function productArt(product, size = '') {
  const hue = (Number(product.id) * 57) % 360;
  const art = el('div', { class: `product-art ${size}`, 'aria-hidden': 'true' },
    el('span', { text: (product.name || '?').trim().charAt(0).toUpperCase() }));
  art.style.setProperty('--hue', String(hue));
  return art;
}

export function addButton(product, quantityOf = () => 1) {
  const soldOut = product.stock <= 0;
  return el('button', {
    type: 'button',
    class: 'button',
    disabled: soldOut,
    'aria-label': soldOut ? `${product.name} is sold out` : `Add ${product.name} to cart`,
    text: soldOut ? 'Sold out' : 'Add to cart',
    onclick: () => {
      const n = cart.add(product, quantityOf());
      toast(`${product.name} added to your cart (${n} in cart).`);
    },
  });
}

function card(product) {
  return el('li', { class: 'card product-card' },
    el('a', { href: `#/product/${product.id}`, class: 'card-link', 'aria-label': `${product.name} details` },
      productArt(product)),
    el('div', { class: 'card-body' },
      el('h2', { class: 'card-title' }, el('a', { href: `#/product/${product.id}`, text: product.name })),
      el('p', { class: 'card-text', text: product.description || '' }),
      el('div', { class: 'card-meta' },
        el('span', { class: 'price', text: money(product.price, product.currency) }),
        stockLabel(product.stock))),
    el('div', { class: 'card-actions' }, addButton(product)));
}

export async function catalogView(main, { query }) {
  const q = query.get('q') || '';
  const input = el('input', {
    type: 'search', id: 'search', name: 'q', value: q, placeholder: 'Search laptops, phones…', autocomplete: 'off',
  });
  const form = el('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const term = input.value.trim();
    location.hash = term ? `#/?q=${encodeURIComponent(term)}` : '#/';
  } },
  el('label', { for: 'search', class: 'visually-hidden', text: 'Search products' }),
  input,
  el('button', { type: 'submit', class: 'button', text: 'Search' }));

  const list = el('ul', { class: 'grid products', 'aria-live': 'polite' });
  const heading = el('h1', { text: q ? `Results for “${q}”` : 'Catalog' });
  main.append(el('section', { class: 'hero' },
    el('div', {}, heading, el('p', { class: 'muted', text: 'Everything ships free. Pay by card, UPI or net banking.' })),
    form));
  main.append(list);

  const products = await get(`/products?per_page=100${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  if (!products.length) {
    list.replaceWith(el('div', { class: 'empty' },
      el('p', { text: q ? `Nothing matches “${q}”.` : 'The catalog is empty.' }),
      q ? el('a', { href: '#/', class: 'button button-secondary', text: 'Show everything' }) : null));
    return null;
  }
  products.forEach((p) => list.append(card(p)));
  return null;
}
