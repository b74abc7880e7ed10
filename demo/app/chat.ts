// The conversation: sending (scan outgoing images before encryption, ask when the verdict says
// so, frank, encrypt, send) and receiving (drop repeated ids, decrypt, verify the franking, scan
// incoming images, show them blurred with the prompt when flagged). Receiving sends nothing.

export type { ChatMessage, MessageState } from './message-view.js';

import { announce, button, h } from './dom.js';
import {
  associatedData,
  decryptMessage,
  encryptMessage,
  hex,
  newMessageId,
  openSession,
  type ContactKeys,
  type Identity,
  type Session,
} from './crypto.js';
import { helpList } from './help.js';
import { messageElement, renderMeta, showImage, showPlaceholder, showPreview, type ChatMessage } from './message-view.js';
import { viewedPrompt } from './prompts.js';
import type { Delivered, RelayClient } from './relay-client.js';
import { askOutgoing } from './outgoing-prompt.js';
import { openReport } from './report.js';
import type { Scanning } from './scan.js';
import type { FrankingOpening, PromptChoice, PromptDescriptor, PromptOptionId, SdkModules } from './sdk.js';
import type { DeviceStore } from './store.js';

export type SendOutcome =
  | { readonly outcome: 'sent'; readonly messageId: string }
  | { readonly outcome: 'cancelled'; readonly choice: PromptOptionId }
  | { readonly outcome: 'blocked' };

/** Why an incoming message was not shown (listed in the auditor panel). */
export interface Dropped {
  readonly messageId: string;
  readonly sender: string;
  readonly reason: 'repeated id' | 'unknown sender' | 'does not decrypt' | 'franking fails' | 'blocked sender';
}

const IMAGE_MAX_BYTES = 6 * 1024 * 1024; // base64 twice stays under the relay's 16 MiB frame limit

export class Chat {
  readonly messages: ChatMessage[] = [];
  readonly dropped: Dropped[] = [];
  #session: Session | null = null;
  readonly #seen = new Set<string>();
  #incoming: Promise<void> = Promise.resolve();
  readonly #list: HTMLOListElement;
  readonly #outgoingPrompt: HTMLElement;
  readonly #changed = new Set<() => void>();
  #contactReady!: () => void;
  readonly contactReady = new Promise<void>((resolve) => (this.#contactReady = resolve));

  constructor(
    readonly identity: Identity,
    readonly contactName: string,
    readonly modules: SdkModules,
    readonly scanning: Scanning,
    readonly relay: () => RelayClient,
    readonly store: DeviceStore,
    list: HTMLOListElement,
    outgoingPrompt: HTMLElement,
  ) {
    this.#list = list;
    this.#outgoingPrompt = outgoingPrompt;
  }

  get session(): Session | null {
    return this.#session;
  }

  onChange(listener: () => void): void {
    this.#changed.add(listener);
  }

  #notify(): void {
    for (const l of this.#changed) l();
  }

  /** The contact's public keys arrived (welcome or keys): (re)derive the session keys. */
  setContact(keys: ContactKeys): void {
    if (keys.user !== this.contactName) return;
    this.#session = openSession(this.identity, keys);
    this.#contactReady();
    this.#notify();
  }

  get blocked(): boolean {
    return this.store.blocked.includes(this.contactName);
  }

  setBlocked(on: boolean): void {
    const others = this.store.blocked.filter((u) => u !== this.contactName);
    this.store.blocked = on ? [...others, this.contactName] : others;
    announce(on ? `You blocked ${this.contactName}: their messages are not shown.` : `You unblocked ${this.contactName}.`);
    this.#notify();
  }

  ack(messageId: string, timestamp: number): void {
    const m = this.messages.find((x) => x.id === messageId && x.direction === 'out');
    if (!m) return;
    m.timestamp = timestamp;
    m.state = 'sent';
    renderMeta(m);
    this.#notify();
  }

  refused(messageId: string | undefined, code: string): void {
    const m = this.messages.find((x) => x.id === messageId && x.direction === 'out');
    if (m) {
      m.state = 'not-sent';
      renderMeta(m);
    }
    announce(`The relay refused ${messageId ? 'a message' : 'this page'}: ${code}.`);
    this.#notify();
  }

  // ---- sending ------------------------------------------------------------------------------

  /**
   * Sends `text` and, optionally, an image: the image is scanned (outgoing) before anything is
   * encrypted; `blur`/`warn` ask first (`send-anyway` sends, anything else cancels), `block`
   * never sends. Resolves once the frame is sent or the user cancelled.
   */
  async send(text: string, image: Blob | null): Promise<SendOutcome> {
    const session = this.#session;
    if (!session) throw new Error(`${this.contactName} has not joined yet: their keys are unknown`);
    let file: { type: string; bytes: Uint8Array } | null = null;
    if (image) {
      if (image.size > IMAGE_MAX_BYTES) throw new Error(`images above ${IMAGE_MAX_BYTES} bytes are not sent by this demo`);
      const bytes = new Uint8Array(await image.arrayBuffer());
      file = { type: image.type || 'application/octet-stream', bytes };
      const { verdict } = await this.scanning.scan(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'outgoing');
      if (verdict.action !== 'allow') {
        const choice = await askOutgoing(this.#outgoingPrompt, verdict.prompt!, () => this.setBlocked(true));
        if (verdict.action === 'block') return { outcome: 'blocked' };
        if (choice !== 'send-anyway') {
          announce('Not sent.');
          return { outcome: 'cancelled', choice };
        }
      }
    }
    const { frankingKey, commitment } = await this.modules.franking.frankMessage(text, file?.bytes);
    const messageId = newMessageId();
    const sender = this.identity.user;
    const recipient = this.contactName;
    const ciphertext = encryptMessage(session.tx, associatedData(sender, recipient, messageId, commitment), {
      text,
      frankingKey,
      ...(file ? { image: { type: file.type, data: file.bytes } } : {}),
    });
    this.relay().send({ recipient, messageId, commitment, ciphertext });
    const m = this.#add({ id: messageId, direction: 'out', from: sender, to: recipient, text, image: file, opening: null, state: 'sending' });
    if (file) showImage(m, 'Your picture');
    announce('Sent.');
    return { outcome: 'sent', messageId };
  }

  // ---- receiving ----------------------------------------------------------------------------

  /** A frame from the relay: handled strictly in arrival order. */
  receive(m: Delivered): Promise<void> {
    this.#incoming = this.#incoming.then(() => this.#receive(m)).catch((e) => announce(`A message could not be shown: ${(e as Error).message}`));
    return this.#incoming;
  }

  #drop(m: Delivered, reason: Dropped['reason']): void {
    this.dropped.push({ messageId: m.messageId, sender: m.sender, reason });
    this.#notify();
  }

  async #receive(m: Delivered): Promise<void> {
    if (this.#seen.has(m.messageId)) return this.#drop(m, 'repeated id');
    this.#seen.add(m.messageId);
    const session = this.#session;
    if (!session || m.sender !== this.contactName || m.recipient !== this.identity.user) return this.#drop(m, 'unknown sender');
    if (this.blocked) return this.#drop(m, 'blocked sender');
    let payload;
    try {
      payload = decryptMessage(session.rx, associatedData(m.sender, m.recipient, m.messageId, m.commitment), m.ciphertext);
    } catch {
      payload = null;
    }
    if (!payload) return this.#drop(m, 'does not decrypt');
    const { franking } = this.modules;
    const attachment = payload.image?.data;
    let frankOk = false;
    try {
      frankOk = await franking.verifyFrankedMessage({
        message: payload.text,
        ...(attachment ? { attachment } : {}),
        frankingKey: payload.frankingKey,
        commitment: m.commitment,
      });
    } catch {
      frankOk = false;
    }
    if (!frankOk) return this.#drop(m, 'franking fails');
    const image = payload.image ? { type: payload.image.type, bytes: payload.image.data } : null;
    const attachmentSha256 = image ? new Uint8Array(await crypto.subtle.digest('SHA-256', image.bytes as Uint8Array<ArrayBuffer>)) : undefined;
    const opening: FrankingOpening = {
      frankingKey: payload.frankingKey,
      commitment: m.commitment,
      sealedStamp: m.sealedStamp,
      sender: m.sender,
      recipient: m.recipient,
      conversation: m.conversation,
      messageId: m.messageId,
      timestamp: m.timestamp,
      message: payload.text,
      ...(attachmentSha256 ? { attachmentSha256 } : {}),
    };
    const msg = this.#add({ id: m.messageId, direction: 'in', from: m.sender, to: m.recipient, text: payload.text, image, opening, state: 'shown' });
    msg.timestamp = m.timestamp;
    renderMeta(msg);
    if (!image) return;
    const { verdict, generation } = await this.scanning.scan(new Blob([image.bytes as Uint8Array<ArrayBuffer>]), 'incoming');
    msg.action = verdict.action;
    msg.scanId = verdict.scanId;
    msg.generation = generation;
    if (verdict.action === 'allow') showImage(msg, `Picture from ${msg.from}`);
    else if (verdict.action === 'block') {
      msg.state = 'blocked';
      showPlaceholder(msg, 'This picture was blocked and is not shown.');
      this.#setPrompt(msg, verdict.prompt!);
    } else {
      msg.state = 'blurred';
      await this.#showBlurred(msg);
      this.#setPrompt(msg, verdict.prompt!);
    }
    renderMeta(msg);
    this.#notify();
  }

  /**
   * The scan id on the current scanner: an image scanned by a replaced scanner (or, with `again`,
   * one whose scan state the SDK has let go: UNKNOWN_SCAN after 10 minutes) is scanned again.
   */
  async #scanId(msg: ChatMessage, again = false): Promise<string> {
    if (!again && msg.scanId !== null && msg.generation === this.scanning.generation) return msg.scanId;
    if (!msg.image) throw new Error('this message has no picture');
    const { verdict, generation } = await this.scanning.scan(new Blob([msg.image.bytes as Uint8Array<ArrayBuffer>]), 'incoming');
    msg.scanId = verdict.scanId;
    msg.generation = generation;
    return verdict.scanId;
  }

  #setPrompt(msg: ChatMessage, descriptor: PromptDescriptor): void {
    const slot = msg.element.querySelector<HTMLElement>('.prompt')!;
    const el = document.createElement('safeseal-prompt');
    el.addEventListener('safeseal-choice', (e) => void this.#onIncomingChoice(msg, descriptor, (e as CustomEvent<PromptChoice>).detail.option), {
      once: true,
    });
    slot.replaceChildren(el);
    el.descriptor = descriptor;
  }

  /** After "don't view": the prompt folds into one button that brings it back. */
  #foldPrompt(msg: ChatMessage, descriptor: PromptDescriptor): void {
    const slot = msg.element.querySelector<HTMLElement>('.prompt')!;
    const again = button('Show the options again', () => this.#setPrompt(msg, descriptor), 'quiet');
    slot.replaceChildren(again);
    again.focus();
  }

  /** After a choice made in the modal, focus stays with the message (never lost to the body). */
  #keepFocus(msg: ChatMessage): void {
    const a = document.activeElement;
    if (a !== null && a !== document.body && a.isConnected) return;
    const article = msg.element.querySelector('article')!;
    article.tabIndex = -1;
    article.focus();
  }

  async #onIncomingChoice(msg: ChatMessage, descriptor: PromptDescriptor, option: PromptOptionId): Promise<void> {
    const extra = msg.element.querySelector<HTMLElement>('.extra')!;
    switch (option) {
      case 'view': {
        showImage(msg, `Picture from ${msg.from}`);
        msg.state = 'viewed';
        renderMeta(msg);
        const viewed = viewedPrompt(this.modules.prompt, descriptor, msg.action!);
        if (viewed) this.#setPrompt(msg, viewed);
        else this.#foldPrompt(msg, descriptor);
        break;
      }
      case 'dont-view':
        announce('The picture stays hidden.');
        this.#foldPrompt(msg, descriptor);
        break;
      case 'get-help':
        extra.replaceChildren(helpList(descriptor.helpResources, `help-${msg.id}`));
        this.#setPrompt(msg, descriptor);
        break;
      case 'report': {
        const opening = msg.opening!;
        const outcome = await openReport(
          () => this.scanning.scanner,
          { scanId: (again) => this.#scanId(msg, again), franking: opening, hasImage: msg.image !== null },
          () => this.scanning.persistLedger(),
        );
        if (outcome === 'sent') extra.replaceChildren(h('p', { className: 'note', text: 'You reported this picture.' }));
        this.#setPrompt(msg, descriptor);
        break;
      }
      case 'not-sensitive': {
        const mark = async (again: boolean) => this.scanning.scanner.markNotSensitive(await this.#scanId(msg, again));
        const entries = await mark(false).catch((e: { code?: string }) => (e.code === 'UNKNOWN_SCAN' ? mark(true) : Promise.reject(e)));
        this.store.allowlist = entries;
        msg.element.querySelector<HTMLElement>('.prompt')!.replaceChildren();
        extra.replaceChildren(h('p', { className: 'note', text: 'Marked not sensitive: this picture will not be blurred again on this device.' }));
        announce('Marked not sensitive.');
        break;
      }
      case 'block-sender':
        this.setBlocked(true);
        this.#foldPrompt(msg, descriptor);
        break;
      default:
        this.#setPrompt(msg, descriptor);
    }
    this.#keepFocus(msg);
    this.#notify();
  }

  // ---- rendering ----------------------------------------------------------------------------

  #add(m: Omit<ChatMessage, 'element' | 'timestamp' | 'action' | 'scanId' | 'generation'>): ChatMessage {
    const msg: ChatMessage = { ...m, element: messageElement(m), timestamp: null, action: null, scanId: null, generation: this.scanning.generation };
    this.messages.push(msg);
    this.#list.append(msg.element);
    renderMeta(msg);
    this.#notify();
    return msg;
  }

  async #showBlurred(msg: ChatMessage): Promise<void> {
    try {
      showPreview(msg, await this.scanning.scanner.blurredPreview(await this.#scanId(msg)));
    } catch {
      // No preview (e.g. the scanner was replaced meanwhile): a placeholder, never the picture.
      showPlaceholder(msg, 'A hidden picture (no preview).');
    }
  }

  /** For the audit harness: this page's session keys (hex). */
  sessionKeysHex(): { contact: string; tx: string; rx: string } | null {
    const s = this.#session;
    return s ? { contact: s.contact.user, tx: hex(s.tx), rx: hex(s.rx) } : null;
  }
}
