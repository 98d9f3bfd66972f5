// Builds DOM nodes from data without ever parsing HTML: strings become text nodes.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required', 'tabIndex']);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A labelled form field; the label is tied to the input for screen readers and clicks. */
export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const hintNode = hint ? el('small', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  if (hintNode) input.setAttribute('aria-describedby', hintNode.id);
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), input, hintNode);
}

/** A region that announces errors and successes to assistive technology. */
export function messageBox() {
  const box = el('div', { class: 'message', role: 'alert', hidden: true });
  box.show = (kind, text, details) => {
    clear(box);
    box.className = `message message-${kind}`;
    box.append(el('p', { text }));
    if (details && details.length) box.append(el('ul', {}, details.map((d) => el('li', { text: d }))));
    box.hidden = false;
  };
  box.hide = () => { box.hidden = true; clear(box); };
  return box;
}

export function spinner(text = 'Loading…') {
  return el('p', { class: 'muted loading', text });
}

/** The browser's own checks (required, type, pattern, min…) of a form's enabled fields, as {name: message}. */
export function invalidFields(form) {
  const out = {};
  for (const input of form.elements) {
    if (input.name && !input.disabled && input.willValidate && !input.checkValidity()) {
      out[input.name] = input.dataset.error || input.validationMessage;
    }
  }
  return out;
}

/** Removes what {@link showFieldErrors} added. */
export function clearFieldErrors(form) {
  form.querySelectorAll('[aria-invalid="true"]').forEach((input) => {
    input.removeAttribute('aria-invalid');
    const kept = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (kept.length) input.setAttribute('aria-describedby', kept.join(' '));
    else input.removeAttribute('aria-describedby');
  });
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
}

/**
 * Shows each message ({name: text}, e.g. an API's validation details) under the field of that name,
 * marks it invalid for assistive technology and focuses the first invalid field in the form's order.
 * Returns the messages no field took, as "name: text" lines, for the form's message box.
 */
export function showFieldErrors(form, messages) {
  clearFieldErrors(form);
  const left = [];
  for (const [name, raw] of Object.entries(messages || {})) {
    const text = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const input = [...form.elements].find((e) => e.name === name && !e.disabled);
    if (!input || !input.id) {
      left.push(`${name.replace(/_/g, ' ')}: ${text}`);
      continue;
    }
    const note = el('small', { class: 'field-error', id: `${input.id}-error`, text });
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
    (input.closest('.field') || input.parentNode).append(note);
  }
  const first = [...form.elements].find((e) => e.getAttribute('aria-invalid') === 'true');
  if (first) first.focus();
  return left;
}

/** Before sending a form: clears its last answer; when a field fails the browser's checks, says so and returns false. */
export function formReady(form, message, text = 'Please fix the highlighted fields.') {
  message.hide();
  const problems = invalidFields(form);
  if (!Object.keys(problems).length) return true;
  message.show('error', text);
  showFieldErrors(form, problems);
  return false;
}
