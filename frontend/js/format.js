const formatters = new Map();

/** A price with its own currency symbol and grouping, e.g. ₹75,000.00. */
export function money(amount, currency = 'INR') {
  const code = currency || 'INR';
  if (!formatters.has(code)) {
    let f;
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency: code });
    } catch {
      f = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(code, f);
  }
  return formatters.get(code).format(Number(amount));
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateFormat.format(d);
}

export function titleCase(s) {
  return String(s || '').replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
