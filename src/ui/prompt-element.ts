// <safeseal-prompt>: the default renderer of a verdict's prompt descriptor. Incoming: a quiet
// inline group over the blurred image that never takes focus; its "More" button opens the full
// prompt as a modal alertdialog. Outgoing: the modal at once. Every string is set with
// textContent (descriptors may come from an app or a translation: never parsed as HTML).

import { AUDIENCES, DIRECTIONS, PROMPT_KINDS, PROMPT_OPTION_IDS, type PromptDescriptor, type PromptOptionId } from '../policy/types.js';
import { resolveLocale } from '../prompts/build.js';
import { PROMPT_CSS } from './styles.js';

/** The detail of the one `safeseal-choice` event. */
export interface PromptChoice {
  readonly option: PromptOptionId;
  readonly kind: PromptDescriptor['kind'];
  readonly direction: PromptDescriptor['direction'];
}

/** The options that reveal or send the image: a child confirms them once. */
const NEEDS_CONFIRMATION: readonly PromptOptionId[] = ['view', 'send-anyway'];
const PROTECTIVE: readonly PromptOptionId[] = ['dont-view', 'dont-send'];
const PERMISSIVE: readonly PromptOptionId[] = ['view', 'send-anyway', 'not-sensitive'];

let sheet: CSSStyleSheet | undefined;
function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(PROMPT_CSS);
  }
  return sheet;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; id?: string } = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  return e;
}

/** A descriptor as the element accepts it: checked field by field, never trusted as markup. */
function checkDescriptor(d: unknown): PromptDescriptor {
  const bad = (what: string) => new TypeError(`<safeseal-prompt>: "descriptor.${what}" is missing or invalid`);
  if (typeof d !== 'object' || d === null) throw new TypeError('<safeseal-prompt>: "descriptor" must be a prompt descriptor object');
  const o = d as Partial<PromptDescriptor>;
  if (!PROMPT_KINDS.includes(o.kind as never)) throw bad('kind');
  if (!AUDIENCES.includes(o.audience as never)) throw bad('audience');
  if (!DIRECTIONS.includes(o.direction as never)) throw bad('direction');
  for (const k of ['locale', 'title', 'body'] as const) if (typeof o[k] !== 'string') throw bad(k);
  if (!Array.isArray(o.options) || o.options.length === 0) throw bad('options');
  for (const opt of o.options) if (!PROMPT_OPTION_IDS.includes(opt?.id) || typeof opt.label !== 'string') throw bad('options');
  if (!o.options.some((opt) => opt.id === o.safeOption)) throw bad('safeOption');
  if (!Array.isArray(o.helpResources)) throw bad('helpResources');
  return o as PromptDescriptor;
}

/** The element that has focus, looking into open shadow roots. */
function deepActiveElement(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export class SafesealPromptElement extends HTMLElement {
  readonly #root: ShadowRoot;
  #descriptor: PromptDescriptor | undefined;
  #dialog: HTMLDialogElement | undefined;
  #returnFocus: Element | null = null;
  #chosen = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [styles()];
  }

  /** The prompt to show (a verdict's `prompt`). Setting it renders it afresh. */
  get descriptor(): PromptDescriptor | undefined {
    return this.#descriptor;
  }

  set descriptor(value: PromptDescriptor | undefined) {
    this.#close();
    this.#descriptor = value === undefined ? undefined : checkDescriptor(value);
    this.#chosen = false;
    if (this.isConnected) this.#render();
  }

  connectedCallback(): void {
    this.#render();
  }

  disconnectedCallback(): void {
    this.#close();
  }

  #render(): void {
    this.#root.replaceChildren();
    const d = this.#descriptor;
    if (!d || this.#chosen) return;
    if (d.direction === 'outgoing') {
      this.#openModal();
      return;
    }
    // Incoming: inline over the blurred image; announced by its role, but focus stays put.
    const group = el('div', { className: 'inline' });
    group.setAttribute('role', 'group');
    group.setAttribute('aria-labelledby', 'inline-title');
    group.append(el('p', { className: 'title', id: 'inline-title', text: d.title }), el('p', { className: 'body', text: d.body }));
    const more = el('button', { className: 'more', text: resolveLocale(d.locale).ui.more });
    more.type = 'button';
    more.addEventListener('click', () => this.#openModal());
    group.append(more);
    this.#root.append(group);
  }

  #openModal(): void {
    const d = this.#descriptor;
    if (!d) return;
    this.#returnFocus = deepActiveElement();
    const dialog = el('dialog');
    dialog.setAttribute('role', 'alertdialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'dialog-title');
    dialog.setAttribute('aria-describedby', 'dialog-body');
    dialog.addEventListener('keydown', (e) => this.#onKey(e));
    // Chromium may close a dialog on a repeated Escape without a cancelable event: still the safe option.
    dialog.addEventListener('close', () => {
      if (this.#dialog === dialog && !this.#chosen) this.#choose(d.safeOption);
    });
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      this.#choose(d.safeOption);
    });
    this.#dialog = dialog;
    this.#root.append(dialog);
    this.#showOptions();
    dialog.showModal();
    this.#focusInitial();
  }

  #focusInitial(): void {
    const d = this.#descriptor;
    const target = this.#dialog?.querySelector<HTMLButtonElement>(`button[data-option="${d?.safeOption}"]`) ?? this.#dialog?.querySelector('button');
    target?.focus();
  }

  #showOptions(focus?: PromptOptionId): void {
    const d = this.#descriptor;
    const dialog = this.#dialog;
    if (!d || !dialog) return;
    dialog.replaceChildren(
      el('h2', { className: 'title', id: 'dialog-title', text: d.title }),
      el('p', { className: 'body', id: 'dialog-body', text: d.body }),
    );
    const child = d.audience === 'child';
    const main = d.options.filter((o) => PROTECTIVE.includes(o.id) || PERMISSIVE.includes(o.id));
    const rest = d.options.filter((o) => !main.includes(o));
    const button = (id: PromptOptionId, label: string) => {
      const b = el('button', { text: label, className: child && PROTECTIVE.includes(id) ? 'protective' : '' });
      b.type = 'button';
      b.dataset.option = id;
      b.addEventListener('click', () => (child && NEEDS_CONFIRMATION.includes(id) ? this.#confirm(id) : this.#choose(id)));
      return b;
    };
    if (main.length > 0) {
      const row = el('div', { className: 'main' });
      row.style.setProperty('--count', String(main.length));
      row.append(...main.map((o) => button(o.id, o.label)));
      dialog.append(row);
    }
    const row = el('div', { className: 'secondary' });
    row.append(...rest.map((o) => button(o.id, o.label)));
    dialog.append(row);
    if (focus) dialog.querySelector<HTMLButtonElement>(`button[data-option="${focus}"]`)?.focus();
  }

  /** A child's one confirmation before view / send-anyway: "go back" first and focused. */
  #confirm(option: PromptOptionId): void {
    const d = this.#descriptor;
    const dialog = this.#dialog;
    if (!d || !dialog) return;
    const c = resolveLocale(d.locale).confirm[option as 'view' | 'send-anyway'];
    dialog.replaceChildren(
      el('h2', { className: 'title', id: 'dialog-title', text: c.title }),
      el('p', { className: 'body', id: 'dialog-body', text: c.body }),
    );
    const row = el('div', { className: 'main' });
    const back = el('button', { className: 'protective', text: c.no });
    back.type = 'button';
    back.dataset.confirm = 'no';
    back.addEventListener('click', () => this.#showOptions(option));
    const yes = el('button', { text: c.yes });
    yes.type = 'button';
    yes.dataset.confirm = 'yes';
    yes.addEventListener('click', () => this.#choose(option));
    row.append(back, yes);
    dialog.append(row);
    back.focus();
  }

  #onKey(e: KeyboardEvent): void {
    const dialog = this.#dialog;
    if (!dialog) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      if (this.#descriptor) this.#choose(this.#descriptor.safeOption);
      return;
    }
    if (e.key !== 'Tab') return;
    // Keep focus inside while modal: wrap at both ends.
    const buttons = [...dialog.querySelectorAll<HTMLElement>('button, a[href]')];
    if (buttons.length === 0) return;
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    const active = this.#root.activeElement;
    if (e.shiftKey && (active === first || !dialog.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  /** The final choice: dispatched once, then the modal closes and focus goes back. */
  #choose(option: PromptOptionId): void {
    const d = this.#descriptor;
    if (!d || this.#chosen) return;
    this.#chosen = true;
    this.#close();
    this.#root.replaceChildren();
    if (option === 'get-help') this.#showHelp(d);
    this.dispatchEvent(
      new CustomEvent<PromptChoice>('safeseal-choice', { detail: { option, kind: d.kind, direction: d.direction }, bubbles: true, composed: true }),
    );
  }

  #showHelp(d: PromptDescriptor): void {
    const box = el('div', { className: 'inline' });
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', 'help-title');
    box.append(el('p', { className: 'title', id: 'help-title', text: resolveLocale(d.locale).ui.helpHeading }));
    const list = el('ul', { className: 'help' });
    for (const r of d.helpResources) {
      const item = el('li');
      if (typeof r.url === 'string' && /^https:\/\//i.test(r.url)) {
        const a = el('a', { text: r.name });
        a.href = r.url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        item.append(a);
      } else item.append(el('strong', { text: String(r.name) }));
      if (typeof r.phone === 'string') item.append(' ', el('span', { text: r.phone }));
      if (typeof r.text === 'string') item.append(' ', el('span', { text: r.text }));
      item.append(el('br'), el('span', { text: String(r.description) }));
      list.append(item);
    }
    box.append(list);
    this.#root.append(box);
  }

  #close(): void {
    const dialog = this.#dialog;
    if (!dialog) return;
    this.#dialog = undefined;
    if (dialog.open) dialog.close();
    dialog.remove();
    const back = this.#returnFocus;
    this.#returnFocus = null;
    // Back to where focus was, unless that was our own "More" button, which goes with the prompt.
    if (back instanceof HTMLElement && back.isConnected && !this.#root.contains(back)) back.focus();
    else if (this.isConnected) {
      // The button that opened the dialog is gone with the prompt: focus the element itself.
      this.tabIndex = -1;
      this.focus();
    }
  }
}
