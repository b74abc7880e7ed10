// Small DOM helpers: every string is set as text, never parsed as HTML (message texts come from
// the other person; prompt strings from the SDK or a translation).

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; id?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A `type="button"` button with a click handler. */
export function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = h('button', { text: label, className });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from the page`);
  return e as T;
}

/** The page's polite status line (a live region): what just happened, for every user. */
export function announce(text: string): void {
  const s = document.getElementById('status');
  if (s) s.textContent = text;
}
