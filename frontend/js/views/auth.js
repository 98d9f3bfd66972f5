import { el, field, formReady, messageBox, showFieldErrors } from '../dom.js';
import { post } from '../api.js';
import { session } from '../session.js';
import { navigate, toast } from '../nav.js';

function submitting(button, busy, idle) {
  button.disabled = busy;
  button.textContent = busy ? 'Please wait…' : idle;
}

// Where a login lands: the page that asked for it (?next=/cart), else the catalog.
function landing(query) {
  const next = query.get('next');
  return next && next.startsWith('/') ? `#${next}` : '#/';
}

function nextParam(query) {
  const next = query.get('next');
  return next ? `?next=${encodeURIComponent(next)}` : '';
}

export function loginView(main, { query }) {
  const message = messageBox();
  const email = el('input', { type: 'email', id: 'login-email', name: 'email', autocomplete: 'username', required: true,
    value: query.get('email') || '' });
  const password = el('input', { type: 'password', id: 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const button = el('button', { type: 'submit', class: 'button button-large', id: 'login-submit', text: 'Log in' });
  const form = el('form', { class: 'form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    if (!formReady(form, message, 'Enter your email and password.')) return;
    submitting(button, true, 'Log in');
    try {
      const res = await post('/login', { email: email.value.trim(), password: password.value });
      session.save(res.token, res.user);
      toast(`Welcome back, ${res.user && res.user.username ? res.user.username : 'friend'}!`);
      navigate(landing(query));
    } catch (err) {
      message.show('error', err.status === 429 ? 'Too many attempts. Wait a moment and try again.' : err.message);
      submitting(button, false, 'Log in');
      (err.status === 401 ? password : email).focus();
    }
  } },
  field('Email', email), field('Password', password), message, button);
  const ended = session.takeEndNotice();
  if (ended) message.show('error', ended);
  else if (query.get('registered')) message.show('success', 'Your account is ready. Log in to continue.');
  main.append(el('section', { class: 'panel narrow' },
    el('h1', { text: 'Log in' }), form,
    el('p', { class: 'muted' }, 'New here? ', el('a', { href: `#/register${nextParam(query)}`, text: 'Create an account' }))));
  (email.value ? password : email).focus();
  return null;
}

export function registerView(main, { query }) {
  const message = messageBox();
  const username = el('input', { type: 'text', id: 'reg-username', name: 'username', autocomplete: 'username', required: true, minlength: '3', maxlength: '50', 'data-error': 'At least 3 characters.' });
  const email = el('input', { type: 'email', id: 'reg-email', name: 'email', autocomplete: 'email', required: true, 'data-error': 'A valid email address, such as asha@example.com.' });
  const password = el('input', { type: 'password', id: 'reg-password', name: 'password', autocomplete: 'new-password', required: true, minlength: '8', 'data-error': 'At least 8 characters.' });
  const first = el('input', { type: 'text', id: 'reg-first', name: 'first_name', autocomplete: 'given-name' });
  const last = el('input', { type: 'text', id: 'reg-last', name: 'last_name', autocomplete: 'family-name' });
  const button = el('button', { type: 'submit', class: 'button button-large', id: 'register-submit', text: 'Create account' });
  const form = el('form', { class: 'form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    if (!formReady(form, message)) return;
    submitting(button, true, 'Create account');
    try {
      await post('/register', {
        username: username.value.trim(), email: email.value.trim(), password: password.value,
        first_name: first.value.trim() || undefined, last_name: last.value.trim() || undefined,
      });
    } catch (err) {
      const details = err.body.details || {};
      message.show('error', err.message, showFieldErrors(form, details));
      if (!Object.keys(details).length) (err.status === 409 ? email : username).focus();
      submitting(button, false, 'Create account');
      return;
    }
    // the account exists: log in with the same credentials and land where a login would
    try {
      const res = await post('/login', { email: email.value.trim(), password: password.value });
      session.save(res.token, res.user);
      toast(`Welcome, ${res.user && res.user.username ? res.user.username : 'friend'}!`);
      navigate(landing(query));
    } catch {
      const next = query.get('next') ? `&next=${encodeURIComponent(query.get('next'))}` : '';
      navigate(`#/login?registered=1&email=${encodeURIComponent(email.value.trim())}${next}`);
    }
  } },
  field('Username', username),
  field('Email', email),
  field('Password', password, 'At least 8 characters.'),
  el('div', { class: 'field-row' }, field('First name (optional)', first), field('Last name (optional)', last)),
  message, button);
  main.append(el('section', { class: 'panel narrow' },
    el('h1', { text: 'Create your account' }), form,
    el('p', { class: 'muted' }, 'Already have one? ', el('a', { href: `#/login${nextParam(query)}`, text: 'Log in' }))));
  username.focus();
  return null;
}
