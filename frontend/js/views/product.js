import { el, field } from '../dom.js';
import { get } from '../api.js';
import { money } from '../format.js';
import { addButton, productArt, stockLabel } from '../widgets.js';

export async function productView(main, { params }) {
  const product = await get(`/products/${params[0]}`);
  const qty = el('input', {
    type: 'number', id: 'quantity', min: '1', max: String(Math.max(1, product.stock)), value: '1',
    inputmode: 'numeric', disabled: product.stock <= 0,
  });
  const quantity = () => Math.max(1, Math.min(product.stock, parseInt(qty.value, 10) || 1));
  main.append(
    el('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
      el('a', { href: '#/', text: 'Catalog' }), el('span', { 'aria-hidden': 'true', text: ' / ' }),
      el('span', { text: product.name })),
    el('article', { class: 'panel product-detail' },
      productArt(product, 'large'),
      el('div', { class: 'detail-body' },
        el('h1', { text: product.name }),
        el('p', { class: 'price price-large', text: money(product.price, product.currency) }),
        stockLabel(product.stock),
        el('p', { class: 'lead', text: product.description || '' }),
        el('div', { class: 'buy-row' }, field('Quantity', qty), addButton(product, quantity)))));
  return null;
}
