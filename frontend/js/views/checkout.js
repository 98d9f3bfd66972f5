import { el, field, formReady, messageBox, showFieldErrors } from '../dom.js';
import { idempotencyKey, post } from '../api.js';
import { money } from '../format.js';
import { cart } from '../cart.js';
import { session } from '../session.js';
import { navigate } from '../nav.js';

function summary(items) {
  return el('aside', { class: 'panel summary', 'aria-label': 'Order summary' },
    el('h2', { text: 'Order summary' }),
    el('ul', { class: 'summary-lines' }, items.map((i) => el('li', {},
      el('span', { text: `${i.quantity} × ${i.name}` }),
      el('span', { text: money(i.price * i.quantity, i.currency) })))),
    el('p', { class: 'total' }, 'Total ', el('strong', { text: money(cart.total(), cart.currency()) })));
}

export function checkoutView(main) {
  const items = cart.items();
  if (!items.length) {
    main.append(el('section', { class: 'panel narrow' }, el('h1', { text: 'Checkout' }),
      el('p', { text: 'Your cart is empty.' }), el('a', { href: '#/', class: 'button', text: 'Browse the catalog' })));
    return null;
  }
  const user = session.user() || {};
  const message = messageBox();
  const input = (id, label, attrs = {}) => field(label, el('input', { type: 'text', id, name: id, required: true, ...attrs }));
  const name = input('ship-name', 'Full name', {
    autocomplete: 'name', value: [user.first_name, user.last_name].filter(Boolean).join(' '),
  });
  const street = input('ship-street', 'Street address', { autocomplete: 'street-address' });
  const city = input('ship-city', 'City', { autocomplete: 'address-level2' });
  const postal = input('ship-postal', 'PIN / postal code', { autocomplete: 'postal-code', inputmode: 'numeric' });
  const country = input('ship-country', 'Country', { autocomplete: 'country-name', value: 'India' });
  const button = el('button', { type: 'submit', class: 'button button-large', id: 'place-order', text: 'Place order' });
  const key = idempotencyKey();

  const form = el('form', { class: 'form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    if (!formReady(form, message, 'Please fill in every part of the shipping address.')) return;
    const value = (f) => f.querySelector('input').value.trim();
    const address = [value(name), value(street), `${value(city)} ${value(postal)}`, value(country)].join(', ');
    button.disabled = true;
    button.textContent = 'Placing your order…';
    try {
      const order = await post('/orders', {
        items: cart.items().map((i) => ({ product_id: i.product_id, quantity: i.quantity })),
        shipping_address: address,
      }, { 'Idempotency-Key': key });
      cart.clear();
      navigate(`#/pay/${order.id}?new=1`);
    } catch (err) {
      let text = err.message;
      if (err.code === 'insufficient_stock') text = 'Some items are no longer available in that quantity. Adjust your cart and try again.';
      message.show('error', text, showFieldErrors(form, err.body.details || {}));
      if (!err.body.details) button.focus();
      button.disabled = false;
      button.textContent = 'Place order';
    }
  } },
  el('h2', { text: 'Shipping address' }),
  name, street, el('div', { class: 'field-row' }, city, postal), country, message, button);

  main.append(el('h1', { text: 'Checkout' }),
    el('div', { class: 'checkout' }, el('section', { class: 'panel' }, form), summary(items)));
  return null;
}
