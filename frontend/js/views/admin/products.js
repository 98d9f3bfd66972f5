// Admin: the product list (stock changes and deletes in place) and the add / edit form.
import { el, field, formReady, messageBox, showFieldErrors } from '../../dom.js';
import { del, get, getPage, post, put } from '../../api.js';
import { money } from '../../format.js';
import { navigate } from '../../nav.js';
import { pageParam, pager, productArt } from '../../widgets.js';
import { answerBox, cell, confirmStep, flash, listHref, showFlash, table } from './ui.js';

const PER_PAGE = 20;
const PICTURE_HINT = 'Optional. A picture this shop serves, such as /images/products/laptop.svg, or an http(s) address. '
  + 'Pictures from other sites do not load here: the shop\'s Content-Security-Policy allows images from itself only '
  + '(img-src \'self\'), so such a product shows its lettered tile.';

/** "Change the stock by [ ] Apply": a difference, never a number read earlier, so reservations made meanwhile stay. */
function stockForm(product, answer, shown) {
  const input = el('input', {
    type: 'number', name: 'delta', id: `stock-delta-${product.id}`, step: '1', inputmode: 'numeric',
    class: 'qty', placeholder: '±0', required: true, 'data-error': 'A whole number: 5 adds five, -2 takes two away.',
  });
  const form = el('form', { class: 'inline-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const delta = Number(input.value);
    if (!input.value.trim() || !Number.isInteger(delta) || delta === 0) {
      answer.show('error', `Stock of “${product.name}”: give a whole number other than 0 (5 adds five, -2 takes two away).`);
      input.focus();
      return;
    }
    try {
      const updated = await post(`/products/${product.id}/stock`, { delta });
      product.stock = updated.stock;
      shown.textContent = String(updated.stock);
      input.value = '';
      answer.show('success', `Stock of “${product.name}” is now ${updated.stock}.`);
    } catch (err) {
      answer.failed(err);
    }
  } },
  el('label', { for: input.id, class: 'visually-hidden', text: `Change the stock of ${product.name} by` }),
  input,
  el('button', { type: 'submit', class: 'button button-secondary button-small', text: 'Apply',
    'aria-label': `Apply the stock change of ${product.name}` }));
  return form;
}

function deleteButton(product, answer, afterwards) {
  const holder = el('span', { class: 'confirm-holder' });
  holder.append(el('button', {
    type: 'button', class: 'link-button danger', text: 'Delete', 'aria-label': `Delete ${product.name}`,
    onclick: () => confirmStep(holder, `Delete “${product.name}”? Shoppers will no longer see it; orders keep their lines.`,
      'Delete', async () => {
        try {
          await del(`/products/${product.id}`);
          flash(`Deleted “${product.name}”.`);
          navigate(afterwards);
        } catch (err) {
          answer.failed(err);
        }
      }),
  }));
  return holder;
}

function row(product, answer, here) {
  const shown = el('span', { class: 'stock-now', text: String(product.stock) });
  return el('tr', { 'data-product-id': String(product.id) },
    cell('Picture', productArt(product, 'thumb')),
    el('th', { scope: 'row' }, el('a', { href: `#/admin/products/${product.id}`, text: product.name })),
    cell('Price', money(product.price, product.currency), { class: 'num' }),
    cell('Stock', el('div', { class: 'stock-cell' }, shown, stockForm(product, answer, shown))),
    cell('Actions', el('div', { class: 'row-actions' },
      el('a', { href: `#/admin/products/${product.id}`, text: 'Edit', 'aria-label': `Edit ${product.name}` }),
      deleteButton(product, answer, here))));
}

export async function productListPage(root, { query }) {
  const page = pageParam(query);
  const q = query.get('q') || '';
  const here = listHref('products', { q, page });
  const answer = answerBox();
  const search = el('input', { type: 'search', id: 'admin-product-q', name: 'q', value: q, autocomplete: 'off' });
  root.append(
    el('div', { class: 'order-head' }, el('h1', { text: 'Products' }),
      el('a', { href: '#/admin/products/new', class: 'button', id: 'admin-add-product', text: 'Add a product' })),
    el('form', { class: 'search admin-search', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      navigate(listHref('products', { q: search.value.trim() }));
    } }, el('label', { for: search.id, class: 'visually-hidden', text: 'Search products' }), search,
    el('button', { type: 'submit', class: 'button button-secondary', text: 'Search' })),
    answer);
  showFlash(answer);
  const { items, total } = await getPage(`/products?per_page=${PER_PAGE}&page=${page}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  if (!items.length) {
    root.append(el('p', { class: 'empty', text: q ? `No product matches “${q}”.` : 'No products yet.' }));
    return null;
  }
  root.append(table('Products', ['Picture', 'Name', 'Price', 'Stock', 'Actions'], items.map((p) => row(p, answer, here)),
    'admin-products'));
  const pages = pager({ page, perPage: PER_PAGE, total, href: (n) => listHref('products', { q, page: n }), label: 'Products' });
  if (pages) root.append(pages);
  return null;
}

function productFields(product) {
  const input = (name, props) => el('input', { name, id: `product-${name.replace('_', '-')}`, ...props });
  return {
    name: input('name', { type: 'text', required: true, maxlength: '200', value: product ? product.name : '' }),
    description: el('textarea', { name: 'description', id: 'product-description', rows: '3', maxlength: '5000',
      value: product ? product.description || '' : '' }),
    price: input('price', { type: 'number', required: true, min: '0', step: '0.01', inputmode: 'decimal',
      value: product ? String(product.price) : '', 'data-error': 'A price of 0 or more, with at most two decimals.' }),
    stock: product ? null : input('stock', { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: '0',
      'data-error': 'A whole number of 0 or more.' }),
    image: input('image_url', { type: 'text', maxlength: '500', value: product ? product.image_url || '' : '',
      placeholder: '/images/products/lamp.svg' }),
  };
}

export async function productFormPage(root, { id }) {
  const product = id === 'new' ? null : await get(`/products/${id}`);
  const f = productFields(product);
  const answer = answerBox();
  const message = messageBox();
  const preview = el('div', { class: 'picture-preview' });
  const drawPreview = () => preview.replaceChildren(productArt({ id: product ? product.id : 0, name: f.name.value || '?',
    image_url: f.image.value.trim() }, 'thumb'));
  f.image.addEventListener('change', drawPreview);
  drawPreview();
  const save = el('button', { type: 'submit', class: 'button', id: 'product-save', text: product ? 'Save changes' : 'Add product' });
  // one currency for the whole shop (SHOP_CURRENCY), so an order never mixes two: read it off any product
  const currency = product ? product.currency : ((await getPage('/products?per_page=1')).items[0] || {}).currency;
  const form = el('form', { class: 'form', novalidate: true, id: 'product-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!formReady(form, message)) return;
    const body = { name: f.name.value.trim(), description: f.description.value, price: Number(f.price.value) };
    if (f.stock) body.stock = Number(f.stock.value || 0);
    if (product || f.image.value.trim()) body.image_url = f.image.value.trim();
    save.disabled = true;
    try {
      const saved = product ? await put(`/products/${product.id}`, body) : await post('/products', body);
      showFieldErrors(form, {});
      if (product) {
        Object.assign(product, saved);
        root.querySelector('h1').textContent = `Edit “${saved.name}”`;
        answer.show('success', `Saved “${saved.name}”: the catalog shows the change now.`);
      } else {
        flash(`Added “${saved.name}”: it is in the catalog now.`);
        navigate(`#/admin/products/${saved.id}`);
      }
    } catch (err) {
      const left = showFieldErrors(form, err.body.details || {});
      message.show('error', err.message, left);
      if (!err.body.details) message.focus();
    } finally {
      save.disabled = false;
    }
  } },
  field('Name', f.name),
  field('Description', f.description),
  el('div', { class: 'field-row' },
    field(currency ? `Price (${currency})` : 'Price', f.price, 'In the shop\'s currency (SHOP_CURRENCY), the same for every product.'),
    f.stock ? field('Stock', f.stock) : null),
  el('div', { class: 'picture-row' }, field('Picture address', f.image, PICTURE_HINT), preview),
  message, save);
  message.tabIndex = -1;

  root.append(
    el('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
      el('a', { href: '#/admin/products', text: 'Products' }), el('span', { 'aria-hidden': 'true', text: ' / ' }),
      el('span', { text: product ? product.name : 'New product' })),
    el('h1', { text: product ? `Edit “${product.name}”` : 'Add a product' }),
    answer,
    el('div', { class: 'checkout' }, el('section', { class: 'panel' }, form), product ? stockPanel(product, answer) : null));
  showFlash(answer);
  if (!product) f.name.focus();
  return null;
}

function stockPanel(product, answer) {
  const shown = el('strong', { class: 'stock-now', id: 'product-stock', text: String(product.stock) });
  return el('aside', { class: 'panel summary', 'aria-label': 'Stock and removal' },
    el('h2', { text: 'Stock' }),
    el('p', {}, 'In stock now: ', shown),
    el('p', { class: 'muted small', text: 'Change it by a difference: orders reserve stock at the same time, so a number typed over it could undo theirs.' }),
    stockForm(product, answer, shown),
    el('h2', { class: 'spaced', text: 'Remove' }),
    deleteButton(product, answer, '#/admin/products'),
    el('p', {}, el('a', { href: `#/product/${product.id}`, text: 'See it in the catalog' })));
}
