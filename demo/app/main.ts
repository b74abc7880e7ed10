// The demo messenger's entry (bundled by the relay into /app/app.js). Boot order matters: the
// traffic log first (so it sees every request), then every asset a scan, prompt or report may
// need, then the scanner and the list, then the relay connection. After that the page fetches
// nothing more, whatever any verdict or prompt choice says, until the user sends a report.

import { Chat } from './chat.js';
import { hex, loadIdentity, ready as sodiumReady, safetyNumber, type ContactKeys } from './crypto.js';
import { announce, byId } from './dom.js';
import { installHooks } from './hooks.js';
import { NetLog } from './net-log.js';
import { AuditorPanel } from './panel.js';
import { RelayClient } from './relay-client.js';
import { loadAssets, Scanning } from './scan.js';
import { loadSdk } from './sdk.js';
import { DeviceStore } from './store.js';

const PEOPLE: Record<string, { name: string; audience: 'child' | 'adult'; contact: string }> = {
  sam: { name: 'Sam, 12 (child account)', audience: 'child', contact: 'alex' },
  alex: { name: 'Alex (adult contact)', audience: 'adult', contact: 'sam' },
};

const log = new NetLog();
log.install();

async function boot(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const user = params.get('as') ?? '';
  const person = PEOPLE[user];
  if (!person) {
    announce('Open this page as /app.html?as=sam or /app.html?as=alex (see the start page).');
    throw new Error('no such demo user');
  }
  document.title = `${person.name} · safeseal demo`;
  byId('page-title').textContent = `${person.name} · safeseal demo`;
  byId('contact-name').textContent = person.contact;
  const locale = params.get('locale') ?? 'en-GB';

  announce('Loading the scanner and the demo content…');
  const [modules] = await Promise.all([loadSdk(), sodiumReady()]);
  const identity = loadIdentity(user, sessionStorage);
  const store = new DeviceStore(user);
  const assets = await loadAssets(modules.sdk);
  const scanning = new Scanning(modules, assets, store, person.audience, locale);
  try {
    await scanning.start();
  } catch (e) {
    const code = (e as { code?: string }).code;
    announce(
      `The scanner could not start: ${code ?? ''} ${(e as Error).message}` +
        (code === 'LIST_ROLLBACK' ? ' (this browser kept a newer version of the demo list: "Forget this device\'s demo data" resets it).' : ''),
    );
    throw e;
  }

  let relay: RelayClient;
  const chat = new Chat(identity, person.contact, modules, scanning, () => relay, store, byId<HTMLOListElement>('messages'), byId('outgoing-prompt'));
  const panel = new AuditorPanel(scanning, chat, log);
  panel.mount();

  const me: ContactKeys = { user, signPk: identity.signPk, kxPk: identity.kxPk };
  let shownNumber: string | null = null;
  const showContact = async (keys: ContactKeys) => {
    chat.setContact(keys);
    const number = await safetyNumber(me, keys);
    // The relay hands out the keys: a different number for the same contact means it changed them.
    if (shownNumber !== null && number !== shownNumber)
      announce(`${person.contact}'s keys changed: the safety number is new. Compare it with ${person.contact} before you trust this chat.`);
    shownNumber = number;
    byId('safety-number').textContent = number;
  };
  const reconnect = byId<HTMLButtonElement>('reconnect');
  let welcomed!: () => void;
  let refused!: (e: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    welcomed = resolve;
    refused = reject;
  });
  let mismatch = false;
  let started = false;
  relay = new RelayClient(identity, log, {
    welcome(contacts) {
      announce(`Connected as ${user}.`);
      reconnect.hidden = true;
      if (started) ui.enable(); // a reconnect
      for (const c of contacts) if (c.user === person.contact) void showContact(c);
      welcomed();
    },
    keys(c) {
      if (c.user === person.contact) void showContact(c);
    },
    message: (m) => void chat.receive(m),
    ack: (id, ts) => chat.ack(id, ts),
    error(code, messageId) {
      if (code === 'KEY_MISMATCH') {
        mismatch = true;
        const text = `The relay knows ${user} by other keys (another tab, or an earlier start of the demo): close the other tab or restart the demo.`;
        announce(text);
        refused(new Error(`KEY_MISMATCH: ${text}`));
      } else chat.refused(messageId, code);
    },
    closed(reason) {
      if (mismatch) return; // the explanation stays; reconnecting with these keys cannot help
      announce(`Disconnected from the relay: ${reason}.`);
      reconnect.hidden = false;
      byId<HTMLButtonElement>('send').disabled = true;
    },
  });
  reconnect.addEventListener('click', () => relay.connect());
  relay.connect();

  const ui = wireComposer(chat, scanning, assets);
  await connected;
  await chat.contactReady;
  ui.enable();
  started = true;
  announce(`Ready: chatting with ${person.contact}.`);
  window.addEventListener('pagehide', () => relay.close());
  return installHooks.finish({
    user,
    chat,
    scanning,
    log,
    ui,
    secrets: () => ({
      purpose: 'for the audit harness reading page memory; never sent',
      user,
      signPk: hex(identity.signPk),
      signSk: hex(identity.signSk),
      kxPk: hex(identity.kxPk),
      kxSk: hex(identity.kxSk),
      session: chat.sessionKeysHex(),
    }),
  });
}

/** The composer: text, the two demo pictures, a file picker, the fixture switch, blocking. */
function wireComposer(chat: Chat, scanning: Scanning, assets: { testCard: Blob; testPattern: Blob }) {
  const form = byId<HTMLFormElement>('composer');
  const text = byId<HTMLInputElement>('composer-text');
  const send = byId<HTMLButtonElement>('send');
  const file = byId<HTMLInputElement>('attach-file');
  const row = byId('attachment-row');
  const name = byId('attachment-name');
  let attached: Blob | null = null;
  let busy = false;
  const attach = (blob: Blob | null, label: string) => {
    attached = blob;
    row.hidden = blob === null;
    name.textContent = blob ? `Picture attached: ${label} (${blob.size} bytes)` : '';
    if (blob === null) file.value = '';
  };
  byId('attach-card').addEventListener('click', () => attach(assets.testCard, 'the test card'));
  byId('attach-pattern').addEventListener('click', () => attach(assets.testPattern, 'the test pattern'));
  byId('attachment-remove').addEventListener('click', () => {
    attach(null, '');
    text.focus();
  });
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) attach(f, f.name);
  });

  const submit = async (message: string, image: Blob | null) => {
    if (busy) throw new Error('a message is being sent');
    busy = true;
    send.disabled = true;
    try {
      const result = await chat.send(message, image);
      if (result.outcome === 'sent') text.value = '';
      if (result.outcome !== 'cancelled') attach(null, ''); // a blocked picture cannot be sent at all
      return result;
    } finally {
      busy = false;
      send.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!text.value && !attached) return;
    submit(text.value, attached).catch((err) => announce(`Not sent: ${(err as Error).message}`));
  });

  const fixture = byId<HTMLButtonElement>('fixture-switch');
  fixture.disabled = scanning.assets.fixtureSha256 === null; // the scanner is up: no need to wait for the contact
  if (assets !== null && scanning.assets.fixtureSha256 === null)
    byId('fixture-help').append(' (Unavailable: the demo manifest has no sha256 for it.)');
  fixture.addEventListener('click', async () => {
    const on = fixture.getAttribute('aria-checked') !== 'true';
    fixture.disabled = true;
    announce(on ? 'Loading the fixture test model…' : 'Loading the real model…');
    try {
      await scanning.setFixture(on);
      fixture.setAttribute('aria-checked', String(on));
      byId('fixture-state').textContent = on ? 'On' : 'Off'; // the state is aria-checked; this is its visible twin
      announce(on ? 'The fixture test model is in use.' : 'The real model is in use.');
    } catch (err) {
      announce(`The model could not be switched: ${(err as Error).message}`);
    } finally {
      fixture.disabled = scanning.assets.fixtureSha256 === null;
    }
  });

  const blockedNote = byId('blocked-note');
  const renderBlocked = () => {
    blockedNote.hidden = !chat.blocked;
    byId('blocked-text').textContent = `You blocked ${chat.contactName}: their new messages are not shown.`;
  };
  byId('unblock').addEventListener('click', () => chat.setBlocked(false));
  chat.onChange(renderBlocked);
  renderBlocked();

  return {
    enable() {
      send.disabled = false;
    },
    submit,
    setFixture: async (on: boolean) => {
      if ((fixture.getAttribute('aria-checked') === 'true') !== on) fixture.click();
      await scanning.setFixture(on);
    },
  };
}

/** Wired before the boot, so that a start that fails on stored state (e.g. LIST_ROLLBACK) can be undone. */
function wireReset(): void {
  const user = new URLSearchParams(location.search).get('as') ?? '';
  const reset = document.getElementById('reset-device');
  if (!reset || !PEOPLE[user]) return;
  reset.addEventListener('click', async () => {
    await new DeviceStore(user).forget();
    location.reload();
  });
}

wireReset();
const booted = boot();
booted.catch((e: Error) => {
  // A specific explanation already on the status line stays; anything else is said here.
  const said = document.getElementById('status')?.textContent ?? '';
  if (!/could not start|other keys|Open this page as/.test(said)) announce(`The demo could not start: ${e.message}`);
});
installHooks.start(booted);
