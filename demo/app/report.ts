// Reporting a received image: the SDK's report notice (who receives it, everything it carries,
// that it cannot be undone) in a modal dialog, with or without the image; only "Send report"
// seals the report (createReport, recorded in the privacy ledger) and POSTs it to /reports —
// the one thing besides ciphertext this page ever sends, and only because the user chose to.

import { announce, button, h } from './dom.js';
import type { FrankingOpening, ReportNoticeDescriptor, Scanner } from './sdk.js';

export interface ReportTarget {
  /** The scan's id on the current scanner (rescanned if the scanner was replaced, or with `again`). */
  scanId(again?: boolean): Promise<string>;
  readonly franking: FrankingOpening;
  readonly hasImage: boolean;
}

export type ReportOutcome = 'sent' | 'cancelled';

let seq = 0;

/**
 * Shows the notice and, if the user chooses "Send report", seals and sends the report.
 * Resolves when the dialog closes.
 */
export function openReport(scanner: () => Scanner, target: ReportTarget, afterSeal: () => void): Promise<ReportOutcome> {
  const n = ++seq;
  const dialog = h('dialog', { className: 'report', attrs: { 'aria-labelledby': `report-title-${n}`, 'aria-describedby': `report-body-${n}` } });
  const title = h('h2', { id: `report-title-${n}`, text: 'Send a report?' });
  const body = h('p', { id: `report-body-${n}` });
  const items = h('ul', { className: 'items' });
  const authority = h('p', { className: 'authority' });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const attach = h('input', { id: `report-attach-${n}`, attrs: { type: 'checkbox' } });
  const attachRow = h('p', {}, attach, h('label', { text: ' Include the picture in the report', attrs: { for: attach.id } }));
  if (!target.hasImage) attachRow.hidden = true;
  const note = h('textarea', { id: `report-note-${n}`, attrs: { rows: '3' } });
  const noteRow = h(
    'p',
    { className: 'note-row' },
    h('label', { text: 'A note for the authority (optional, at most 1,000 bytes)', attrs: { for: note.id } }),
    note,
  );
  const send = button('Send report', () => void doSend());
  const cancel = button('Cancel', () => finish('cancelled'));
  dialog.append(
    title,
    body,
    h('p', { text: 'The report will carry:' }),
    items,
    authority,
    attachRow,
    noteRow,
    error,
    h('div', { className: 'actions' }, send, cancel),
  );

  let notice: ReportNoticeDescriptor | null = null;
  let done: (o: ReportOutcome) => void = () => undefined;
  const outcome = new Promise<ReportOutcome>((resolve) => (done = resolve));
  let finished = false;
  const returnFocus = document.activeElement;

  function finish(o: ReportOutcome): void {
    if (finished) return;
    finished = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
    done(o);
  }

  const options = () => ({ attach: attach.checked ? ('image' as const) : ('none' as const), franking: target.franking });

  /** Runs `call` with the scan id; once more on a fresh scan if the SDK no longer keeps the scan. */
  async function retried<T>(call: (id: string) => Promise<T>): Promise<T> {
    try {
      return await call(await target.scanId());
    } catch (e) {
      if ((e as { code?: string }).code !== 'UNKNOWN_SCAN') throw e;
      return call(await target.scanId(true));
    }
  }

  async function refresh(): Promise<void> {
    send.disabled = true;
    error.textContent = '';
    try {
      notice = await retried((id) => scanner().reportNotice(id, options()));
      title.textContent = notice.title;
      body.textContent = notice.body;
      items.replaceChildren(...notice.items.map((i) => h('li', { text: i.label })));
      authority.textContent = `Sent to: ${notice.authority.name}${notice.authority.url ? ` (${notice.authority.url})` : ''}`;
      send.textContent = notice.options[0].label;
      cancel.textContent = notice.options[1].label;
      send.disabled = false;
    } catch (e) {
      error.textContent = `The report cannot be made: ${(e as Error).message}`;
    }
  }

  async function doSend(): Promise<void> {
    if (!notice) return;
    send.disabled = true;
    try {
      const text = note.value.trim();
      if (new TextEncoder().encode(text).length > 1000) throw new Error('the note is longer than 1,000 bytes');
      const consent = { notice: notice.id };
      const envelope = await scanner().createReport(await target.scanId(), { ...options(), ...(text ? { note: text } : {}), consent });
      afterSeal();
      const r = await fetch('/reports', {
        method: 'POST',
        body: envelope as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'application/octet-stream' },
        credentials: 'omit',
      });
      if (!r.ok) throw new Error(`the relay answered HTTP ${r.status}`);
      announce(`Report sent (${envelope.length} bytes, sealed to ${notice.authority.name}).`);
      finish('sent');
    } catch (e) {
      error.textContent = `The report was not sent: ${(e as Error).message}`;
      announce('The report was not sent.');
      send.disabled = false; // the dialog stays open: try again or cancel
      // The scan was let go between the notice and the send: a fresh scan needs a fresh notice.
      if ((e as { code?: string }).code === 'UNKNOWN_SCAN') void refresh();
    }
  }

  attach.addEventListener('change', () => void refresh());
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    finish('cancelled'); // Escape: the notice's safe option
  });
  document.body.append(dialog);
  dialog.showModal();
  cancel.focus();
  void refresh();
  return outcome;
}
