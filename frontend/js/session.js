// The logged-in user: the JWT and the user record, kept in localStorage until logout or expiry.

const TOKEN = 'shop.token';
const USER = 'shop.user';
const listeners = new Set();
let endNotice = null;

function payload(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return null;
  }
}

export const session = {
  token() {
    const token = localStorage.getItem(TOKEN);
    if (!token) return null;
    const claims = payload(token);
    if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) {
      this.clear();
      return null;
    }
    return token;
  },
  user() {
    if (!this.token()) return null;
    try {
      return JSON.parse(localStorage.getItem(USER));
    } catch {
      return null;
    }
  },
  roles() {
    const token = this.token();
    const claims = token ? payload(token) : null;
    return (claims && Array.isArray(claims.roles)) ? claims.roles : [];
  },
  isLoggedIn() {
    return this.token() !== null;
  },
  isAdmin() {
    return this.roles().includes('admin');
  },
  userId() {
    const user = this.user();
    if (user && user.id) return user.id;
    const token = this.token();
    const claims = token ? payload(token) : null;
    return claims ? claims.user_id : null;
  },
  save(token, user) {
    localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, JSON.stringify(user || {}));
    listeners.forEach((fn) => fn());
  },
  clear() {
    const had = localStorage.getItem(TOKEN) !== null;
    localStorage.removeItem(TOKEN);
    localStorage.removeItem(USER);
    if (had) listeners.forEach((fn) => fn());
  },
  /** Ends the session because the shop refused its token; the login page shows {@code notice} once. */
  end(notice) {
    endNotice = notice;
    this.clear();
  },
  takeEndNotice() {
    const notice = endNotice;
    endNotice = null;
    return notice;
  },
  onChange(fn) {
    listeners.add(fn);
  },
};
