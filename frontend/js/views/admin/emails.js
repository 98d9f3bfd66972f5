// Admin: every email the notification service recorded, by status; a failed one sent again; a test email.
import { el, field, formReady, messageBox, showFieldErrors } from '../../dom.js';
import { get, post } from '../../api.js';
import { dateTime, titleCase } from '../../format.js';
import { navigate } from '../../nav.js';
import { pageParam, pager, statusBadge } from '../../widgets.js';
import { answerBox, cell, flash, listHref, showFlash, table } from './ui.js';

const PER_PAGE = 20;
const STATUSES = ['pending', 'sent', 'failed', 'logged'];

function retryButton(n, answer, here) {
  if (n.status !== 'failed') return '';
  return el('button', { type: 'button', class: 'button button-secondary button-small', 'data-retry': String(n.id),
    text: 'Retry', 'aria-label': `Retry email ${n.id}`,
    onclick: async () => {
      try {
        await post(`/notifications/retry/${n.id}`, {});
        flash(`Email ${n.id} (“${n.title}”) is queued again with a fresh set of attempts.`);
        navigate(here);
      } catch (err) {
        answer.failed(err);
      }
    } });
}

function testEmailForm(answer) {
  const message = messageBox();
  const to = el('input', { type: 'email', id: 'test-email-to', name: 'to', required: true, autocomplete: 'email',
    'data-error': 'A valid email address.' });
  const subject = el('input', { type: 'text', id: 'test-email-subject', name: 'subject', required: true, maxlength: '255',
    value: 'Test email from the shop' });
  const text = el('textarea', { id: 'test-email-message', name: 'message', rows: '2', maxlength: '10000' });
  const send = el('button', { type: 'submit', class: 'button', id: 'test-email-send', text: 'Send test email' });
  const form = el('form', { class: 'form', novalidate: true, id: 'test-email-form', onsubmit: async (e) => {
    e.preventDefault();
    if (!formReady(form, message)) return;
    send.disabled = true;
    try {
      const res = await post('/test-email', { to: to.value.trim(), subject: subject.value.trim(), message: text.value || undefined });
      showFieldErrors(form, {});
      answer.show('success', `${res.message}: to ${res.recipient}.`);
    } catch (err) {
      message.show('error', err.message, showFieldErrors(form, err.body.details || {}));
    } finally {
      send.disabled = false;
    }
  } }, field('To', to), field('Subject', subject), field('Message (optional)', text), message, send);
  return el('section', { class: 'panel spaced', 'aria-labelledby': 'test-email-title' },
    el('h2', { id: 'test-email-title', text: 'Send a test email' }),
    el('p', { class: 'muted small', text: 'Sent at once through the SMTP server, outside the queue: a quick check that email works.' }),
    form);
}

export async function emailListPage(root, { query }) {
  const status = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const page = pageParam(query);
  const here = listHref('emails', { status, page });
  const answer = answerBox();
  const select = el('select', { id: 'admin-email-status', name: 'status' },
    el('option', { value: '', text: 'Every status', selected: !status }),
    STATUSES.map((s) => el('option', { value: s, text: titleCase(s), selected: s === status })));
  root.append(el('h1', { text: status ? `${titleCase(status)} emails` : 'Emails' }),
    el('form', { class: 'search admin-search', onsubmit: (e) => {
      e.preventDefault();
      navigate(listHref('emails', { status: select.value }));
    } }, el('label', { for: select.id, text: 'Status' }), select,
    el('button', { type: 'submit', class: 'button button-secondary', text: 'Show' })),
    answer);
  showFlash(answer);
  const res = await get(`/notifications?per_page=${PER_PAGE}&page=${page}${status ? `&status=${status}` : ''}`);
  const list = res.notifications || [];
  root.append(list.length
    ? table('Emails', ['Email', 'To', 'Category', 'Status', 'Attempts', 'Created', 'Action'], list.map((n) => el('tr', { 'data-email-id': String(n.id) },
      el('th', { scope: 'row' }, el('span', { text: n.title }),
        n.error_message ? el('span', { class: 'muted small block', text: n.error_message }) : null),
      cell('To', n.recipient || '—'),
      cell('Category', titleCase(n.category)),
      cell('Status', statusBadge(n.status)),
      cell('Attempts', String(n.attempts), { class: 'num' }),
      cell('Created', dateTime(n.created_at)),
      cell('Action', retryButton(n, answer, here)))), 'admin-email-list')
    : el('p', { class: 'empty', text: status ? `No ${status} emails.` : 'No emails yet.' }));
  const total = res.pagination ? res.pagination.total : list.length;
  const pages = pager({ page, perPage: PER_PAGE, total, href: (n) => listHref('emails', { status, page: n }), label: 'Emails' });
  if (pages) root.append(pages);
  root.append(testEmailForm(answer));
  return null;
}
