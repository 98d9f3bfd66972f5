import { el } from '../dom.js';
import { getPage } from '../api.js';
import { money } from '../format.js';
import { addButton, pageParam, pager, productArt, stockLabel } from '../widgets.js';

const PER_PAGE = 24;

function card(product) {
  return el('li', { class: 'card product-card' },
    // the picture repeats the title's link: one tab stop per product is enough
    el('a', { href: `#/product/${product.id}`, class: 'card-link', tabIndex: -1, 'aria-hidden': 'true' },
      productArt(product)),
    el('div', { class: 'card-body' },
      el('h2', { class: 'card-title' }, el('a', { href: `#/product/${product.id}`, text: product.name })),
      el('p', { class: 'card-text', text: product.description || '' }),
      el('div', { class: 'card-meta' },
        el('span', { class: 'price', text: money(product.price, product.currency) }),
        stockLabel(product.stock))),
    el('div', { class: 'card-actions' }, addButton(product)));
}

function address(q, page) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `#/?${s}` : '#/';
}

export async function catalogView(main, { query }) {
  const q = query.get('q') || '';
  const page = pageParam(query);
  const input = el('input', {
    type: 'search', id: 'search', name: 'q', value: q, placeholder: 'Search laptops, phones…', autocomplete: 'off',
  });
  const form = el('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = address(input.value.trim(), 1);
  } },
  el('label', { for: 'search', class: 'visually-hidden', text: 'Search products' }),
  input,
  el('button', { type: 'submit', class: 'button', text: 'Search' }));

  const list = el('ul', { class: 'grid products', 'aria-label': 'Products' });
  const heading = el('h1', { text: q ? `Results for “${q}”` : 'Catalog' });
  main.append(el('section', { class: 'hero' },
    el('div', {}, heading, el('p', { class: 'muted', text: 'Everything ships free. Pay by card, UPI or net banking.' })),
    form));
  main.append(list);

  const { items, total } = await getPage(`/products?per_page=${PER_PAGE}&page=${page}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  if (!items.length) {
    list.replaceWith(el('div', { class: 'empty' },
      el('p', { text: q ? `Nothing matches “${q}”.` : 'The catalog is empty.' }),
      q || page > 1 ? el('a', { href: '#/', class: 'button button-secondary', text: 'Show everything' }) : null));
    return null;
  }
  items.forEach((p) => list.append(card(p)));
  const pages = pager({ page, perPage: PER_PAGE, total, href: (n) => address(q, n), label: 'Catalog' });
  if (pages) list.after(pages);
  return null;
}
