// Every call goes to /api/... on this origin, with the bearer token when logged in.
import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.error || body.message)) || `Request failed (${status})`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || this.body.error_code || null;
  }

  /** Field messages from a 400 validation_failed answer, as "field: message" lines. */
  details() {
    const d = this.body.details;
    if (!d || typeof d !== 'object') return [];
    return Object.entries(d).map(([k, v]) => `${k.replace(/_/g, ' ')}: ${Array.isArray(v) ? v.join(', ') : v}`);
  }
}

async function request(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    // no-store: every read goes to the shop, so an admin's change shows at once and nothing private stays on disk
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { error: 'The shop cannot be reached. Check your connection and try again.' });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  // the token is no good any more (expired, logged out elsewhere, account deactivated): the session ends here too
  if (response.status === 401 && token) session.end('Your session has ended. Log in again to continue.');
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, response };
}

export async function api(method, path, body, extraHeaders = {}) {
  return (await request(method, path, body, extraHeaders)).data;
}

/** A page of a listing that answers a JSON array: the items and X-Total-Count. */
export async function getPage(path) {
  const { data, response } = await request('GET', path);
  const items = Array.isArray(data) ? data : [];
  const total = Number(response.headers.get('X-Total-Count'));
  return { items, total: Number.isFinite(total) && response.headers.has('X-Total-Count') ? total : items.length };
}

export const get = (path) => api('GET', path);
export const post = (path, body, headers) => api('POST', path, body === undefined ? {} : body, headers);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
