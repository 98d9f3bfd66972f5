// The cart lives in localStorage, so it survives reloads and logins; prices are re-read at checkout.

const KEY = 'shop.cart';
const listeners = new Set();

function read() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY));
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function write(items) {
  localStorage.setItem(KEY, JSON.stringify(items));
  listeners.forEach((fn) => fn(items));
}

export const cart = {
  items: read,
  count() {
    return read().reduce((n, i) => n + i.quantity, 0);
  },
  total() {
    return read().reduce((sum, i) => sum + i.price * i.quantity, 0);
  },
  currency() {
    const items = read();
    return items.length ? items[0].currency : 'INR';
  },
  /** Adds {@code quantity} of a product, never more than its stock; returns the quantity now in the cart. */
  add(product, quantity = 1) {
    const items = read();
    const line = items.find((i) => i.product_id === product.id);
    const max = Number.isFinite(product.stock) ? product.stock : Infinity;
    if (line) {
      line.quantity = Math.min(max, line.quantity + quantity);
      line.price = product.price;
      line.stock = product.stock;
      line.image_url = product.image_url || null;
    } else {
      items.push({
        product_id: product.id, name: product.name, price: product.price,
        currency: product.currency, quantity: Math.min(max, quantity), stock: product.stock,
        image_url: product.image_url || null,
      });
    }
    write(items);
    return items.find((i) => i.product_id === product.id).quantity;
  },
  setQuantity(productId, quantity) {
    const items = read()
      .map((i) => (i.product_id === productId ? { ...i, quantity } : i))
      .filter((i) => i.quantity > 0);
    write(items);
  },
  remove(productId) {
    write(read().filter((i) => i.product_id !== productId));
  },
  clear() {
    write([]);
  },
  onChange(fn) {
    listeners.add(fn);
  },
};
