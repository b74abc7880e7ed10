// The demo messenger's entry (bundled by the relay into /app/app.js). Boot order matters: the
// traffic log first (so it sees every request), then every asset a scan, prompt or report may
// need, then the scanner and the list, then the relay connection. After that the page fetches
// nothing more, whatever any verdict or prompt choice says, until the user sends a report.

import { Chat } from './chat.js';
import { b64, hex, loadIdentity, ready as sodiumReady, safetyNumber, type ContactKeys } from './crypto.js';
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
  await scanning.start();

  let relay: RelayClient;
  const chat = new Chat(identity, person.contact, modules, scanning, () => relay, store, byId<HTMLOListElement>('messages'), byId('outgoing-prompt'));
  const panel = new AuditorPanel(scanning, chat, log);
  panel.mount();

  const me: ContactKeys = { user, signPk: identity.signPk, kxPk: identity.kxPk };
  const showContact = async (keys: ContactKeys) => {
    chat.setContact(keys);
    byId('safety-number').textContent = await safetyNumber(me, keys);
  };
  const reconnect = byId<HTMLButtonElement>('reconnect');
  let welcomed!: () => void;
  const connected = new Promise<void>((resolve) => (welcomed = resolve));
  relay = new RelayClient(identity, log, {
    welcome(contacts) {
      announce(`Connected as ${user}.`);
      reconnect.hidden = true;
      for (const c of contacts) if (c.user === person.contact) void showContact(c);
      welcomed();
    },
    keys(c) {
      if (c.user === person.contact) void showContact(c);
    },
    message: (m) => void chat.receive(m),
    ack: (id, ts) => chat.ack(id, ts),
    error(code, messageId) {
      if (code === 'KEY_MISMATCH')
        announce(`The relay knows ${user} by other keys (another tab, or an earlier start). Close the other tab or restart the demo.`);
      else chat.refused(messageId, code);
    },
    closed(reason) {
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
  announce(`Ready: chatting with ${person.contact}.`);
  window.addEventListener('pagehide', () => relay.close());
  return installHooks.finish({
    user,
    chat,
    scanning,
    log,
    ui,
    secrets: () => ({
      user,
      signPk: b64(identity.signPk),
      kxPk: b64(identity.kxPk),
      signSkHex: hex(identity.signSk),
      kxSkHex: hex(identity.kxSk),
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
      if (result.outcome === 'sent') {
        text.value = '';
        attach(null, '');
      }
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
  if (assets !== null && scanning.assets.fixtureSha256 === null)
    byId('fixture-help').append(' (Unavailable: the demo manifest has no sha256 for it.)');
  fixture.addEventListener('click', async () => {
    const on = fixture.getAttribute('aria-checked') !== 'true';
    fixture.disabled = true;
    announce(on ? 'Loading the fixture test model…' : 'Loading the real model…');
    try {
      await scanning.setFixture(on);
      fixture.setAttribute('aria-checked', String(on));
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
      fixture.disabled = scanning.assets.fixtureSha256 === null;
    },
    submit,
    setFixture: async (on: boolean) => {
      if ((fixture.getAttribute('aria-checked') === 'true') !== on) fixture.click();
      await scanning.setFixture(on);
    },
  };
}

installHooks.start(boot());
