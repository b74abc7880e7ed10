// The auditor panel: what an auditor compares with the published values and with a network
// capture — the model's sha256, each list's id, root, signers and sequence, the privacy ledger
// (verified again on every change), verdict counts (in memory only), incoming messages dropped,
// and every HTTP request and WebSocket frame this page sent, with its size and audit kind.

import { byId, h } from './dom.js';
import type { Chat } from './chat.js';
import type { Kind, NetLog } from './net-log.js';
import type { Scanning } from './scan.js';

const KINDS: readonly Kind[] = ['asset', 'key', 'ciphertext', 'report', 'control'];

function table(caption: string, head: string[], rows: (string | number)[][], className = ''): HTMLTableElement {
  const t = h('table', { className });
  t.append(h('caption', { text: caption }));
  t.append(h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { text: c, attrs: { scope: 'col' } })))));
  t.append(h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', { text: String(c) }))))));
  return t;
}

/** A two-column table of one record's fields (row headers name them). */
function fields(caption: string, rows: [string, string | number][]): HTMLTableElement {
  const t = h('table', { className: 'fields' });
  t.append(h('caption', { text: caption }));
  t.append(h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { text: k, attrs: { scope: 'row' } }), h('td', { text: String(v) })))));
  return t;
}

const path = (url: string) => {
  const u = new URL(url, location.href);
  return u.origin === location.origin ? u.pathname + u.search : u.href;
};

export class AuditorPanel {
  #timer: number | null = null;
  #renders = 0;

  constructor(
    readonly scanning: Scanning,
    readonly chat: Chat,
    readonly log: NetLog,
  ) {}

  /** Wires the collapse button and starts listening. */
  mount(): void {
    const toggle = byId<HTMLButtonElement>('auditor-toggle');
    const body = byId<HTMLElement>('auditor-body');
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
    });
    this.log.onRecord(() => this.update());
    this.chat.onChange(() => this.update());
    this.scanning.onChange(() => this.update());
    this.update();
  }

  /** Renders soon (changes come in bursts: one render per 100 ms at most). */
  update(): void {
    if (this.#timer !== null) return;
    this.#timer = window.setTimeout(() => {
      this.#timer = null;
      void this.#render();
    }, 100);
  }

  async #render(): Promise<void> {
    const n = ++this.#renders;
    const { scanner } = this.scanning;
    const { sdk } = this.scanning.modules;
    const status = await scanner.status().catch(() => null);
    const ledger = scanner.ledger();
    const ledgerOk = await sdk.verifyLedger(ledger.entries);
    if (n !== this.#renders) return; // a newer render is under way

    const c = scanner.classifier;
    const model =
      c.state === 'ready'
        ? `${c.model} (${this.scanning.fixture ? 'fixture test model, flags a checkerboard only' : 'the model safeseal ships'}; ${c.runtime}, ${c.threads} thread${c.threads === 1 ? '' : 's'})`
        : c.state === 'failed'
          ? `failed: ${c.code}: ${c.message}`
          : c.state;
    byId('audit-model').textContent = model;
    byId('audit-model-status').textContent = status?.model ?? 'none';

    const lists = status?.lists ?? this.scanning.lists;
    byId('audit-lists').replaceChildren(
      ...lists.map((l) =>
        fields(`List ${l.id}`, [
          ['id', l.id],
          ['sequence', l.sequence],
          ['root', l.root],
          ['signers (key ids)', l.signers.join(', ')],
          ['entries', l.entries],
          ['categories', l.categories.join(', ')],
          ['created', l.createdAt],
          ['not after', l.notAfter],
        ]),
      ),
    );

    byId('audit-ledger').replaceChildren(
      h('p', {
        text: `${ledger.entries.length} report${ledger.entries.length === 1 ? '' : 's'}; head seq ${ledger.head.seq}, hash ${ledger.head.hash}; verifies: ${ledgerOk ? 'yes' : 'NO'}${this.scanning.ledgerRefused ? ' (a stored ledger that did not verify was set aside)' : ''}`,
        className: 'mono',
        attrs: { 'data-ledger-ok': String(ledgerOk) },
      }),
      table(
        'Ledger entries',
        ['seq', 'hour', 'bytes', 'envelope sha256', 'hash'],
        ledger.entries.map((e) => [e.seq, e.hour, e.bytes, e.sha256, e.hash]),
      ),
    );

    const counts = this.scanning.counts;
    byId('audit-verdicts').replaceChildren(
      table(
        'Verdicts on this page (in memory only)',
        ['direction', 'allow', 'blur', 'warn', 'block'],
        (['outgoing', 'incoming'] as const).map((d) => [d, counts[d].allow, counts[d].blur, counts[d].warn, counts[d].block]),
      ),
    );

    byId('audit-dropped').replaceChildren(
      table(
        'Incoming messages not shown',
        ['message id', 'sender', 'why'],
        this.chat.dropped.map((d) => [d.messageId, d.sender, d.reason]),
      ),
    );

    const records = this.log.records;
    const totals = KINDS.map((k) => {
      const of = records.filter((r) => r.kind === k);
      return `${k}: ${of.length} (${of.reduce((s, r) => s + Math.max(r.bytes, 0), 0)} B)`;
    });
    byId('audit-traffic').replaceChildren(
      h('p', { text: `Sent so far: ${totals.join('; ')}.` }),
      table(
        'Everything this page sent',
        ['#', 'ms', 'kind', 'method', 'url', 'body bytes', 'note'],
        records.map((r) => [r.seq, r.at, r.kind, r.method, path(r.url), r.bytes, r.note]),
        'traffic',
      ),
    );
  }
}
