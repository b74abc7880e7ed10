// window.safesealDemo: the few hooks the audit harness needs (demo/app/README.md). Every user
// action here is also a real control on the page with a stable accessible name; the hooks only
// save a test from re-deriving state. `auditSecrets()` exposes this page's secret and session
// keys so the harness can decrypt the frames it captured: it reads page memory, it is never sent.

import type { Chat, SendOutcome } from './chat.js';
import type { NetLog, SentRecord } from './net-log.js';
import type { Scanning, ScanRecord } from './scan.js';

interface Parts {
  user: string;
  chat: Chat;
  scanning: Scanning;
  log: NetLog;
  ui: { submit(text: string, image: Blob | null): Promise<SendOutcome>; setFixture(on: boolean): Promise<void> };
  secrets(): unknown;
}

export interface SafesealDemo {
  /** Resolves when the scanner, the list and the relay connection are ready and the contact's keys are known. */
  readonly ready: Promise<void>;
  readonly user: string | null;
  /** Sends a text message (through the same path as the Send button). */
  sendText(text: string): Promise<SendOutcome>;
  /** Sends a picture ('test-card', 'test-pattern', a URL on this origin, or a Blob) with a text: scanned first; a prompt may ask. */
  sendImage(image: string | Blob, text?: string): Promise<SendOutcome>;
  /** Switches the fixture test model on or off (as the switch does). */
  useFixtureModel(on: boolean): Promise<void>;
  /** Every scan's direction and action, in order. Labels only. */
  lastVerdicts(): ScanRecord[];
  /** The conversation as shown: ids, direction, text, whether it has a picture, its state and action. */
  messages(): {
    id: string;
    direction: 'in' | 'out';
    from: string;
    text: string;
    hasImage: boolean;
    state: string;
    action: string | null;
    timestamp: number | null;
  }[];
  /** What this page sent (the auditor panel's list). */
  sent(): SentRecord[];
  /** The privacy ledger, as scanner.ledger() gives it. */
  ledger(): unknown;
  /** FOR THE AUDIT HARNESS ONLY: this page's secret keys and session keys, hex. Never sent. */
  auditSecrets(): unknown;
}

declare global {
  interface Window {
    safesealDemo: SafesealDemo;
  }
}

let parts: Parts | null = null;

const need = (): Parts => {
  if (!parts) throw new Error('the demo is not ready yet (await safesealDemo.ready)');
  return parts;
};

export const installHooks = {
  /** Installs the hooks at once; `ready` settles with the boot. */
  start(booted: Promise<void>): void {
    const ready = booted.then(() => undefined);
    ready.catch(() => undefined); // the page shows the error; the hook still rejects for the harness
    window.safesealDemo = {
      ready,
      get user() {
        return parts?.user ?? null;
      },
      sendText: (text) => need().ui.submit(text, null),
      async sendImage(image, text = '') {
        // The two demo pictures were fetched at start: naming them sends no request.
        const preloaded: Record<string, Blob> = {
          'test-card': need().scanning.assets.testCard,
          '/demo/test-card.png': need().scanning.assets.testCard,
          'test-pattern': need().scanning.assets.testPattern,
          '/demo/test-pattern.png': need().scanning.assets.testPattern,
        };
        const blob = typeof image !== 'string' ? image : (preloaded[image] ?? (await (await fetch(image, { credentials: 'omit' })).blob()));
        return need().ui.submit(text, blob);
      },
      useFixtureModel: (on) => need().ui.setFixture(on),
      lastVerdicts: () => need().scanning.history.map((r) => ({ ...r })),
      messages: () =>
        need().chat.messages.map((m) => ({
          id: m.id,
          direction: m.direction,
          from: m.from,
          text: m.text,
          hasImage: m.image !== null,
          state: m.state,
          action: m.action,
          timestamp: m.timestamp,
        })),
      sent: () => need().log.records.map((r) => ({ ...r })),
      ledger: () => need().scanning.scanner.ledger(),
      auditSecrets: () => need().secrets(),
    };
  },
  finish(p: Parts): void {
    parts = p;
  },
};
