// Moving between pages and telling the shopper what happened: used by every view, so views never import app.js.

/** Goes to {@code hash}; the router draws it (again, when it is the page already shown). */
export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

let toastTimer = null;

/** A short message in the polite live region at the bottom of the page. */
export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}
