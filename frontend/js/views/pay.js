import { clear, el, field, formReady, messageBox, showFieldErrors } from '../dom.js';
import { get, idempotencyKey, post } from '../api.js';
import { dateTime, money } from '../format.js';
import { statusBadge } from '../widgets.js';

const TEST_CARDS = [
  ['4242 4242 4242 4242', 'succeeds'],
  ['4000 0000 0000 0002', 'is declined'],
  ['4000 0000 0000 9995', 'fails: insufficient funds'],
];

const DECLINES = {
  card_declined: 'Your card was declined. Nothing was charged — try another card or method.',
  insufficient_funds: 'Your card has insufficient funds. Nothing was charged — try another card or method.',
};

function methodFields() {
  const number = el('input', { type: 'text', id: 'card-number', name: 'number', inputmode: 'numeric', autocomplete: 'cc-number', required: true, placeholder: '4242 4242 4242 4242', maxlength: '23', 'data-error': 'The card number.' });
  const expiry = el('input', { type: 'text', id: 'card-expiry', name: 'expiry', autocomplete: 'cc-exp', required: true, placeholder: 'MM/YY', maxlength: '5', pattern: '(0[1-9]|1[0-2])/[0-9]{2}', 'data-error': 'Month and year, such as 12/29.' });
  const cvv = el('input', { type: 'password', id: 'card-cvv', name: 'cvv', inputmode: 'numeric', autocomplete: 'cc-csc', required: true, placeholder: '123', maxlength: '4', pattern: '[0-9]{3,4}', 'data-error': 'The 3 or 4 digits on the back of the card.' });
  const holder = el('input', { type: 'text', id: 'card-name', name: 'name', autocomplete: 'cc-name', placeholder: 'Name on card' });
  const upi = el('input', { type: 'text', id: 'upi-id', name: 'upi_id', required: true, placeholder: 'name@bank', pattern: '[A-Za-z0-9._-]+@[A-Za-z0-9.-]+', 'data-error': 'A UPI ID such as name@okbank.' });
  const bank = el('select', { id: 'bank', name: 'bank', required: true },
    el('option', { value: '', text: 'Choose your bank' }),
    ['State Bank of India', 'HDFC Bank', 'ICICI Bank', 'Axis Bank', 'Kotak Mahindra Bank'].map((b) => el('option', { value: b, text: b })));
  const hint = el('div', { class: 'test-cards', id: 'test-cards' },
    el('p', { class: 'small', text: 'Test cards (any future expiry, any CVV):' }),
    el('ul', {}, TEST_CARDS.map(([n, what]) => el('li', {}, el('code', { text: n }), ` ${what}`))));
  return {
    card: { inputs: [number, expiry, cvv, holder], node: el('div', { class: 'method-fields' },
      field('Card number', number), el('div', { class: 'field-row' }, field('Expiry', expiry), field('CVV', cvv)),
      field('Name on card (optional)', holder), hint) },
    upi: { inputs: [upi], node: el('div', { class: 'method-fields' }, field('UPI ID', upi, 'For example name@okbank.')) },
    netbanking: { inputs: [bank], node: el('div', { class: 'method-fields' }, field('Bank', bank)) },
    body(method) {
      if (method === 'card') {
        return { card_details: { number: number.value.trim(), expiry: expiry.value.trim(), cvv: cvv.value.trim(), name: holder.value.trim() || undefined } };
      }
      if (method === 'upi') return { upi_id: upi.value.trim() };
      return { bank: bank.value };
    },
  };
}

function paymentForm(order, onPaid) {
  const message = messageBox();
  const fields = methodFields();
  const holder = el('div', {});
  const methods = [['card', 'Card'], ['upi', 'UPI'], ['netbanking', 'Net banking']];
  let current = 'card';
  const choose = (method) => {
    current = method;
    for (const [m] of methods) {
      fields[m].inputs.forEach((i) => { i.disabled = m !== method; });
    }
    holder.replaceChildren(fields[method].node);
  };
  const radios = el('fieldset', { class: 'methods' }, el('legend', { text: 'Payment method' }),
    methods.map(([value, label]) => el('label', { class: 'method' },
      el('input', { type: 'radio', name: 'method', value, id: `method-${value}`, checked: value === 'card', onchange: () => choose(value) }),
      el('span', { text: label }))));
  const button = el('button', { type: 'submit', class: 'button button-large', id: 'pay-submit', text: `Pay ${money(order.total_amount, order.currency)}` });
  const form = el('form', { class: 'form', novalidate: true, id: 'payment-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!formReady(form, message, 'Please complete the payment details.')) return;
    button.disabled = true;
    button.textContent = 'Processing…';
    try {
      const payment = await post('/payments', {
        order_id: order.id, amount: order.total_amount, payment_method: current, ...fields.body(current),
      }, { 'Idempotency-Key': idempotencyKey() });
      onPaid(payment);
    } catch (err) {
      if (err.status === 402) {
        message.show('error', DECLINES[err.code] || 'The payment was declined. Nothing was charged — try again.');
      } else if (err.status === 409) {
        message.show('error', 'This order can no longer be paid (it may already be paid or cancelled).');
      } else {
        message.show('error', err.message, showFieldErrors(form, err.body.details || {}));
      }
      button.disabled = false;
      button.textContent = `Pay ${money(order.total_amount, order.currency)}`;
      // back to the details to correct (a declined card: to its number, for another card)
      if (!form.querySelector('[aria-invalid="true"]')) fields[current].inputs[0].focus();
    }
  } }, radios, holder, message, button);
  choose('card');
  return form;
}

export async function payView(main, { params, query }) {
  const order = await get(`/orders/${params[0]}`);
  const items = order.items || [];
  const header = el('div', { class: 'order-head' },
    el('h1', { text: `Order #${order.id}` }), statusBadge(order.status));
  const details = el('aside', { class: 'panel summary', 'aria-label': 'Order details' },
    el('h2', { text: 'Items' }),
    el('ul', { class: 'summary-lines' }, items.map((i) => el('li', {},
      el('span', { text: `${i.quantity} × ${i.product_name || `Product ${i.product_id}`}` }),
      el('span', { text: money(i.total_price, order.currency) })))),
    el('p', { class: 'total' }, 'Total ', el('strong', { text: money(order.total_amount, order.currency) })),
    order.shipping_address ? el('p', { class: 'muted small' }, 'Ships to ', order.shipping_address) : null,
    order.expires_at && order.status === 'pending'
      ? el('p', { class: 'muted small', text: `Stock held until ${dateTime(order.expires_at)}.` }) : null);
  const panel = el('section', { class: 'panel' });
  main.append(header, el('div', { class: 'checkout' }, panel, details));

  if (order.status !== 'pending') {
    panel.append(el('p', { text: `This order is ${order.status}; there is nothing to pay.` }),
      el('a', { href: '#/orders', class: 'button', text: 'My orders' }));
    return null;
  }
  if (query.get('new')) {
    panel.append(el('div', { class: 'message message-success', role: 'status' },
      el('p', { text: 'Order placed. Your items are reserved — complete the payment below.' })));
  }
  panel.append(el('h2', { text: 'Payment' }), paymentForm(order, (payment) => {
    clear(panel);
    panel.append(el('div', { class: 'message message-success', role: 'status', id: 'payment-success' },
      el('p', { text: `Payment successful: ${money(payment.amount, payment.currency)} paid${payment.card_last_four ? ` with card ending ${payment.card_last_four}` : ''}.` }),
      el('p', { text: 'Your order will show as confirmed in a moment. A receipt is on its way by email.' })),
    el('a', { href: '#/orders', class: 'button', id: 'to-orders', text: 'View my orders' }));
    panel.querySelector('#to-orders').focus();
  }));
  return null;
}
