import { el } from '../dom.js';
import { money } from '../format.js';
import { cart } from '../cart.js';
import { session } from '../session.js';
import { productArt } from '../widgets.js';

function line(item, rerender) {
  const qty = el('input', {
    type: 'number', min: '1', max: String(item.stock || 99), value: String(item.quantity),
    inputmode: 'numeric', id: `qty-${item.product_id}`, class: 'qty',
    onchange: () => {
      const n = Math.max(1, Math.min(item.stock || 99, parseInt(qty.value, 10) || 1));
      cart.setQuantity(item.product_id, n);
      rerender();
    },
  });
  return el('li', { class: 'cart-line' },
    productArt({ id: item.product_id, name: item.name, image_url: item.image_url }, 'thumb'),
    el('div', { class: 'cart-line-name' },
      el('a', { href: `#/product/${item.product_id}`, text: item.name }),
      el('span', { class: 'muted', text: `${money(item.price, item.currency)} each` })),
    el('div', { class: 'cart-line-qty' },
      el('label', { for: qty.id, class: 'visually-hidden', text: `Quantity of ${item.name}` }), qty),
    el('span', { class: 'cart-line-total', text: money(item.price * item.quantity, item.currency) }),
    el('button', {
      type: 'button', class: 'link-button danger', text: 'Remove', 'aria-label': `Remove ${item.name}`,
      onclick: () => { cart.remove(item.product_id); rerender(); },
    }));
}

export function cartView(main) {
  const section = el('section', { class: 'panel' });
  main.append(section);
  const draw = () => {
    section.replaceChildren(el('h1', { text: 'Your cart' }));
    const items = cart.items();
    if (!items.length) {
      section.append(el('div', { class: 'empty' }, el('p', { text: 'Your cart is empty.' }),
        el('a', { href: '#/', class: 'button', text: 'Browse the catalog' })));
      return;
    }
    section.append(el('ul', { class: 'cart-lines' }, items.map((i) => line(i, draw))));
    const checkout = session.isLoggedIn()
      ? el('a', { href: '#/checkout', class: 'button button-large', id: 'go-checkout', text: 'Check out' })
      : el('a', { href: '#/login?next=/checkout', class: 'button button-large', id: 'go-checkout', text: 'Log in to check out' });
    section.append(el('div', { class: 'cart-summary' },
      el('p', { class: 'total' }, 'Total ', el('strong', { id: 'cart-total', text: money(cart.total(), cart.currency()) })),
      el('p', { class: 'muted small', text: 'Prices and stock are confirmed when you place the order.' }),
      checkout));
  };
  draw();
  return null;
}
