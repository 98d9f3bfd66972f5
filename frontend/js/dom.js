// Builds DOM nodes from data without ever parsing HTML: strings become text nodes.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required']);

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
