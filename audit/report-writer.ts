// audit-report/report.json (the shape issue 10 pins) and audit-report/index.html (the same, for a
// person: scenarios, screenshots, every request with its size and verdict, every assertion, what
// each kind means, and what this audit cannot show).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assertion } from './cross-checks.js';

export interface ReportRequest {
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  /** Bytes the browser sent for it: request head + body, or the WebSocket frame on the wire. */
  readonly bytes: number;
  readonly verdict: string;
}

export interface ScenarioReport {
  readonly name: string;
  readonly passed: boolean;
  readonly assertions: readonly Assertion[];
  readonly requests: readonly ReportRequest[];
}

export interface AuditReport {
  readonly build: { readonly sdk: string; readonly model: string; readonly lists: readonly string[] };
  readonly scenarios: readonly ScenarioReport[];
}

/** What each kind is, for the HTML (the JSON carries only the name). */
export const KIND_TEXT: Record<string, string> = {
  asset:
    "A body-less GET of a URL on the fixed list (audit/assets.ts: the pages, the bundled app, the SDK files of dist/, the demo content). Fixed before the run, so an asset URL cannot depend on what a scan found. No asset may be fetched because of a verdict or a prompt choice: the receiver's traffic is compared across verdicts below.",
  key: "The hello frame: this page's two public keys (Ed25519 identity, X25519 for crypto_kx) and its signature over the relay's random challenge, checked here with the page's key. The relay passes the public keys to the contact; nothing secret.",
  ciphertext:
    "A send frame with the pinned layout: recipient, conversation, message id, the franking commitment and base64(nonce ‖ XChaCha20-Poly1305). The audit decrypted it with the pair's crypto_kx session key (derived here from the page's secret key) and found exactly the scenario's text and file, and checked the commitment.",
  report:
    "A POST /reports of one sealed envelope of a bucket size (4,096 or 4,194,304 bytes), sent only when the user chose Send report. The audit opened it with the authority's key (safeseal/authority openReport) to the expected header and checked its franking (verifyReportFranking).",
  control:
    "What the relay protocol needs besides keys and messages: the WebSocket upgrade request of /ws, and the browser's close frame (status 1000/1001, no reason) when a page goes away. No read, delivery, viewed or typing signals exist.",
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes both files into `dir` (screenshots are already in dir/screenshots). */
export function writeAuditReport(dir: string, report: AuditReport, extra: { screenshots: { file: string; caption: string }[]; runMs: number }): void {
  mkdirSync(dir, { recursive: true });
  // Exactly the pinned shape: a failed assertion's detail goes into its `what`.
  const json = {
    build: { sdk: report.build.sdk, model: report.build.model, lists: report.build.lists },
    scenarios: report.scenarios.map((s) => ({
      name: s.name,
      passed: s.passed,
      assertions: s.assertions.map((a) => ({ what: a.passed || !a.detail ? a.what : `${a.what} — ${a.detail}`, passed: a.passed })),
      requests: s.requests.map((r) => ({ kind: r.kind, method: r.method, url: r.url, bytes: r.bytes, verdict: r.verdict })),
    })),
  };
  writeFileSync(join(dir, 'report.json'), JSON.stringify(json, null, 2) + '\n');
  const passed = report.scenarios.every((s) => s.passed);
  const scenario = (s: ScenarioReport): string => `
<section aria-labelledby="s-${esc(slug(s.name))}">
  <h2 id="s-${esc(slug(s.name))}">${esc(s.name)} — ${s.passed ? '<span class="pass">passed</span>' : '<span class="fail">FAILED</span>'}</h2>
  <h3>Assertions</h3>
  <ul>${s.assertions.map((a) => `<li class="${a.passed ? 'pass' : 'fail'}">${a.passed ? '✓' : '✗'} ${esc(a.what)}${a.detail && !a.passed ? ` <small>(${esc(a.detail)})</small>` : ''}</li>`).join('')}</ul>
  <h3>Requests (${s.requests.length})</h3>
  ${
    s.requests.length === 0
      ? '<p>None: this browser sent nothing during this scenario.</p>'
      : `<table><thead><tr><th scope="col">#</th><th scope="col">Kind</th><th scope="col">Method</th><th scope="col">URL</th><th scope="col">Bytes</th><th scope="col">Verdict</th></tr></thead><tbody>
    ${s.requests.map((r, i) => `<tr class="${r.kind === 'unaccounted' ? 'fail' : ''}"><td>${i + 1}</td><td>${esc(r.kind)}</td><td>${esc(r.method)}</td><td class="url">${esc(r.url)}</td><td>${r.bytes}</td><td>${esc(r.verdict)}</td></tr>`).join('')}
  </tbody></table>`
  }
</section>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>safeseal privacy audit of the demo messenger</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 72rem; margin: 1rem auto; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; width: 100%; font-size: 13px; } td, th { border: 1px solid #bbb; padding: 2px 4px; vertical-align: top; text-align: left; }
td.url { word-break: break-all; } .pass { color: #0a5d1a; } .fail { color: #a00000; font-weight: bold; } code { font-size: 13px; }
figure { display: inline-block; margin: 0 1rem 1rem 0; } figure img { max-width: 34rem; border: 1px solid #999; }
</style></head><body>
<h1>safeseal privacy audit of the demo messenger — ${passed ? '<span class="pass">passed</span>' : '<span class="fail">FAILED</span>'}</h1>
<p>Build: SDK ${esc(report.build.sdk)}; model sha256 <code>${esc(report.build.model)}</code>; lists sha256 ${report.build.lists.map((l) => `<code>${esc(l)}</code>`).join(', ')}. Run took ${(extra.runMs / 1000).toFixed(1)} s.</p>
<h2>How it was checked</h2>
<p>Two people, the child account sam ("Sam, 12") and the adult alex, each in their own Chromium browser context. Each context's only way out was its own recording proxy (<code>audit/proxy.ts</code>; Chromium with <code>--proxy-bypass-list=&lt;-loopback&gt;</code> so loopback is proxied too, and <code>--force-webrtc-ip-handling-policy=disable_non_proxied_udp</code>). The proxy recorded every byte each way, every HTTP request and, parsing the WebSocket frames itself, every frame's payload. Then:</p>
<ol>
<li><strong>Every outgoing byte accounted for.</strong> Each request and frame got one kind below, only if it was exactly what that kind allows; anything else is <em>unaccounted</em> and fails its scenario.</li>
<li><strong>Nothing that identifies content</strong> — message texts, image bytes (32-byte windows), their SHA-256 and PDQ hashes (binary and hex), the classifier's scores (as the CLI computes them) and the category labels — appears in any request: raw, hex in either case, base64 and base64url at each of the three byte offsets.</li>
<li><strong>Three accounts agree:</strong> per proxy connection, every byte from the browser is a CONNECT head, a request head or body, or a frame (nothing unparsed) and the bytes forwarded are exactly those; per WebSocket, the frames' payload sizes equal Playwright's <code>framesent</code>; per person, the HTTP requests (method, URL, body bytes) equal Playwright's <code>request</code> events (Playwright does not say which connection carried a request); per upstream socket, the relay's own log (<code>relay-log.jsonl</code>, joined by TCP port) lists the same items with the same head and body sizes and the same kind, and no log line comes from a socket the proxies did not open.</li>
<li><strong>A canary:</strong> a page on the relay's origin that leaks on purpose (a message text base64url-encoded at offset 2 in a URL, a report of the wrong size, a header of its own) goes through the same proxy and checks, which must catch every leak.</li>
<li><strong>Receiving does not talk:</strong> the receiver's outgoing traffic is identical (kinds, sizes, order) for an unflagged image, a flagged one viewed and a flagged one not viewed.</li>
<li><strong>The privacy ledger</strong> (scanner.ledger()) has one entry per captured report, same size and SHA-256.</li>
<li><strong>The relay's database</strong> (relay.sqlite and its -wal/-journal) holds none of the texts, image bytes, hashes or secret keys.</li>
<li><strong>Accessibility:</strong> axe finds no serious or critical violation on the messenger (both people, a prompt open), the auditor panel and the authority view.</li>
</ol>
<h2>Kinds</h2>
<dl>${Object.entries(KIND_TEXT)
    .map(([k, v]) => `<dt><strong>${k}</strong></dt><dd>${esc(v)}</dd>`)
    .join('')}</dl>
<h2>Screenshots</h2>
${extra.screenshots.map((s) => `<figure><img src="${esc(s.file)}" alt="${esc(s.caption)}"><figcaption>${esc(s.caption)}</figcaption></figure>`).join('')}
<h2>What this audit cannot show</h2>
<ul>
<li><strong>Covert channels in random values.</strong> Nonces (24 bytes a message), franking keys, message ids, the sealed report's ephemeral key and the hello's challenge signature are random or fixed by a key, so a hostile build could hide a few bits in them; this audit checks that they decrypt and verify, not that they are random.</li>
<li><strong>Timing.</strong> When a message is sent, and the sizes of ciphertexts (they grow with the message), are visible to the relay; a build could signal through delays. Only the receiver's traffic is compared across verdicts here (identical), not its timing.</li>
<li><strong>Other builds.</strong> This is the build in this checkout (the hashes above). A messenger shipping safeseal must be audited as shipped: another build, a modified client or a different server can behave differently.</li>
<li><strong>Inside the browser.</strong> The audit sees the network; it reads page state (keys, ledger, verdicts) through <code>window.safesealDemo</code> only to check what was sent. The browser's own features were switched off by flags (background networking, autofill server communication); anything the browser still sent would appear below as unaccounted.</li>
<li><strong>Short labels.</strong> The category label <code>test</code> counts where it stands alone (no letter or digit beside it) and, encoded, in its JSON-quoted form; fixed asset URLs (e.g. <code>/demo/test-card.png</code>) are not searched for labels. Scores are searched as the Node CLI computes them with the real model (four decimals); the browser's last digits may differ, and the fixture model's scores (0 or 1) are not distinctive enough to search for.</li>
</ul>
${report.scenarios.map(scenario).join('\n')}
</body></html>
`;
  writeFileSync(join(dir, 'index.html'), html);
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
