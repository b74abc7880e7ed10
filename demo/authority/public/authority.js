// DEMO ONLY. The authority view's page: lists /api/reports (opened on the authority's server) and
// shows each report's header, what its franking verified, and its attachment as a blob: URL.
// Plain ES module, same origin only; the page builds DOM nodes, never HTML strings.

const STATUS_TEXT = { verified: 'verified by the stamp', 'device-claim': 'device claim (unverified)', 'not-verified': 'NOT verified (stamp failed)' };
const urls = [];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function frankingText(r) {
  if (r.error !== null) return el('span', { class: 'failed' }, `did not open: ${r.error}`);
  if (r.franking === null) return el('span', { class: 'device-claim' }, 'no franking');
  if (!r.franking.valid) return el('span', { class: 'failed' }, 'INVALID: the stamp does not verify');
  return el('span', { class: 'verified' }, `valid; attachment ${r.franking.attachment}`);
}

async function showAttachment(r, holder, button) {
  button.disabled = true;
  const res = await fetch(`/api/reports/${r.id}/attachment`);
  if (!res.ok) {
    holder.replaceChildren(`attachment unavailable (${res.status})`);
    return;
  }
  const type = /^image\/(png|jpeg|webp|gif)$/.test(r.attachment.type) ? r.attachment.type : 'application/octet-stream';
  const url = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
  urls.push(url);
  holder.replaceChildren(
    el('img', { class: 'preview', src: url, alt: `Attachment of report ${r.id} (${r.attachment.type}, ${r.attachment.bytes} bytes)` }),
  );
}

function details(r) {
  const section = el('section', { 'aria-labelledby': `report-${r.id}-heading` });
  section.append(el('h3', { id: `report-${r.id}-heading` }, `Report ${r.id}`));
  if (r.error !== null) {
    section.append(el('p', { class: 'failed' }, `The envelope did not open: ${r.error}.`));
    return section;
  }
  const table = el('table', {}, el('caption', {}, `Header fields of report ${r.id}`));
  table.append(
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, 'Who vouches for it')),
    ),
  );
  const body = el('tbody');
  for (const f of r.fields)
    body.append(el('tr', {}, el('th', { scope: 'row' }, f.field), el('td', {}, f.value), el('td', { class: f.status }, STATUS_TEXT[f.status])));
  table.append(body);
  section.append(table);
  if (r.attachment !== null) {
    const holder = el('div');
    const button = el('button', { type: 'button', 'aria-label': `Show attachment of report ${r.id}` }, 'Show attachment');
    button.addEventListener('click', () => showAttachment(r, holder, button));
    section.append(button, holder);
  }
  return section;
}

async function refresh() {
  const status = document.getElementById('status');
  status.textContent = 'Loading…';
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
  try {
    const res = await fetch('/api/reports');
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const reports = await res.json();
    const rows = reports.map((r) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, String(r.id)),
        el('td', {}, new Date(r.receivedAt).toISOString()),
        el('td', {}, r.header === null ? '—' : r.header.categories.join(', ')),
        el('td', {}, r.header === null ? '—' : r.header.reasons.join(', ')),
        el('td', {}, frankingText(r)),
        el('td', {}, r.franking?.valid ? r.franking.sender : '—'),
        el('td', {}, r.attachment === null ? 'none' : `${r.attachment.type}, ${r.attachment.bytes} bytes`),
      ),
    );
    document.querySelector('#reports tbody').replaceChildren(...rows);
    document.getElementById('details').replaceChildren(...reports.map(details));
    status.textContent = `${reports.length} report${reports.length === 1 ? '' : 's'} in the inbox.`;
  } catch (e) {
    status.textContent = `Could not read the inbox: ${e.message}`;
  }
}

document.getElementById('refresh').addEventListener('click', refresh);
refresh();
