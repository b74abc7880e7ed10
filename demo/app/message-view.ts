// How one message looks: its list item, the meta line (who, when, state), and what stands in the
// media slot — the picture, the SDK's blurred preview, or a placeholder. Strings are text only.

import { h } from './dom.js';
import type { FrankingOpening, Verdict } from './sdk.js';

export type MessageState = 'sending' | 'sent' | 'shown' | 'blurred' | 'viewed' | 'blocked' | 'not-sent';

export interface ChatMessage {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly from: string;
  readonly to: string;
  readonly text: string;
  timestamp: number | null;
  readonly image: { readonly type: string; readonly bytes: Uint8Array } | null;
  state: MessageState;
  action: Verdict['action'] | null;
  scanId: string | null;
  generation: number;
  readonly opening: FrankingOpening | null;
  readonly element: HTMLLIElement;
}

/** The blurred preview the SDK makes in its worker (RGBA, at most 32 px on its long side). */
export interface Preview {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** The list item of a message: meta, text, and slots for its media, prompt and extras (help, notes). */
export function messageElement(m: Pick<ChatMessage, 'id' | 'direction' | 'from' | 'to' | 'text'>): HTMLLIElement {
  const element = h('li', { className: `message ${m.direction}`, attrs: { 'data-message-id': m.id } });
  const label = m.direction === 'out' ? `You to ${m.to}` : `From ${m.from}`;
  element.append(
    h(
      'article',
      { attrs: { 'aria-label': label } },
      h('p', { className: 'meta' }),
      h('p', { className: 'text', text: m.text }),
      h('div', { className: 'media' }),
      h('div', { className: 'prompt' }),
      h('div', { className: 'extra' }),
    ),
  );
  return element;
}

const media = (msg: ChatMessage): HTMLElement => msg.element.querySelector<HTMLElement>('.media')!;

export function renderMeta(msg: ChatMessage): void {
  const who = msg.direction === 'out' ? 'You' : msg.from;
  const when = msg.timestamp === null ? '' : ` · ${new Date(msg.timestamp).toLocaleTimeString()}`;
  const state = msg.direction === 'out' ? ` · ${msg.state}` : msg.state === 'shown' ? '' : ` · picture ${msg.state}`;
  msg.element.querySelector('.meta')!.textContent = `${who}${when}${state}`;
  msg.element.dataset.state = msg.state;
}

/** The picture itself, from the very bytes that were scanned. */
export function showImage(msg: ChatMessage, alt: string): void {
  const url = URL.createObjectURL(new Blob([msg.image!.bytes as Uint8Array<ArrayBuffer>], { type: msg.image!.type }));
  media(msg).replaceChildren(h('img', { attrs: { src: url, alt } }));
  if (msg.direction === 'in' && msg.state === 'shown') renderMeta(msg);
}

export function showPlaceholder(msg: ChatMessage, text: string): void {
  media(msg).replaceChildren(h('p', { className: 'placeholder', text }));
}

/** The SDK's blurred preview, drawn small and scaled up by CSS (blurred once more there). */
export function showPreview(msg: ChatMessage, p: Preview): void {
  const canvas = h('canvas', { className: 'blurred', attrs: { role: 'img', 'aria-label': `Blurred picture from ${msg.from}` } });
  canvas.width = p.width;
  canvas.height = p.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(p.data), p.width, p.height), 0, 0);
  canvas.style.aspectRatio = `${p.width} / ${p.height}`;
  media(msg).replaceChildren(canvas);
}
