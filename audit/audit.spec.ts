// `npm run audit`: the privacy audit of the demo messenger (issue 10, items 6–8). Runs the
// scenarios with sam (child) and alex (adult) in separate browser contexts, each behind its own
// recording proxy, accounts for every byte each browser sent, cross-checks three accounts of the
// traffic, scans the relay's database, runs axe, and writes audit-report/.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seriousViolations } from '../test/helpers/axe.js';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { accountFor, type ExpectedMessage, type ExpectedReport, type OpenedForAudit, type Verdict } from './accounting.js';
import { assetAllowList } from './assets.js';
import { playwrightMatches, proxyConservation, relayLogMatches, type Assertion, type RelayLogLine } from './cross-checks.js';
import { keyFileSecrets, scanDatabase } from './database.js';
import { ready as sodiumReady, senderKey, type AccountKeys } from './e2ee.js';
import { beginScenario, launchAuditBrowser, openPerson, outgoing, startDemoForAudit, type Person } from './harness.js';
import { LeakSearch, type Needle } from './leaks.js';
import { contentNeedlesFor } from './needles.js';
import { runCanary } from './canary.js';
import { startRecordingProxy } from './proxy.js';
import { writeAuditReport, type ScenarioReport } from './report-writer.js';
import { SCENARIOS, type Images } from './scenarios.js';
import { accountKeys } from './ui.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const OUT = join(ROOT, 'audit-report');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const readJson = (p: string): unknown => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

/** A benign picture made here (sky, sun, hills): not from any reserved corpus, nothing to flag. */
async function benignPicture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="240" fill="#8ec9f0"/><circle cx="250" cy="60" r="30" fill="#ffd34d"/>
    <path d="M0 170 Q80 110 160 165 T320 150 V240 H0 Z" fill="#4f9a45"/><path d="M0 200 Q120 160 320 210 V240 H0 Z" fill="#2f6e2b"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

test('privacy audit of the demo messenger', async () => {
  test.setTimeout(900_000);
  const started = Date.now();
  await sodiumReady();
  mkdirSync(join(OUT, 'screenshots'), { recursive: true });
  const authority = (await import('../dist/authority.js')) as typeof import('../dist/authority.js');
  const franking = (await import('../dist/franking.js')) as typeof import('../dist/franking.js');
  const sdk = (await import('../dist/node/index.js')) as typeof import('../dist/node/index.js');
  const authorityKey = readJson('demo/keys/authority.key.json');
  const platformPub = readJson('demo/keys/platform.pub.json');

  const images: Images = {
    benign: { name: 'hills.png', mimeType: 'image/png', buffer: await benignPicture() },
    testCard: readFileSync(join(ROOT, 'demo/content/test-card.png')),
    testPattern: readFileSync(join(ROOT, 'demo/content/test-pattern.png')),
    fixtureModelSha256: sha256(readFileSync(join(ROOT, 'demo/content/fixture-model.onnx'))),
  };
  const benignFile = join(OUT, 'hills.png');
  writeFileSync(benignFile, images.benign.buffer);

  const demo = await startDemoForAudit();
  const origin = demo.url.replace(/\/$/, '');
  const fallback = await startRecordingProxy();
  const browser = await launchAuditBrowser(fallback);
  const scenarioReports: ScenarioReport[] = [];
  const allAssertions: Assertion[] = [];
  const screenshots: { file: string; caption: string }[] = [];
  const axeResults: Assertion[] = [];

  const axe = async (page: Page, what: string, include?: string): Promise<void> => {
    const { lines, passes } = await seriousViolations(page, include);
    axeResults.push({
      what: `axe: no serious or critical violation on ${what} (${passes} rules pass)`,
      passed: lines.length === 0,
      ...(lines.length ? { detail: lines.join('; ') } : {}),
    });
  };
  const shoot = async (page: Page, file: string, caption: string, selector?: string): Promise<void> => {
    const path = join(OUT, 'screenshots', file);
    // Animations finished: a prompt caught mid-fade shows the page through it.
    if (selector) await page.locator(selector).first().screenshot({ path, animations: 'disabled' });
    else await page.screenshot({ path, animations: 'disabled' });
    screenshots.push({ file: `screenshots/${file}`, caption });
  };

  // Opening both pages is the first scenario: assets, the upgrade and each hello.
  const openName = 'open the messenger (sam and alex)';
  const sam = await openPerson(browser, 'sam', `${origin}/app.html?as=sam`, openName);
  const alex = await openPerson(browser, 'alex', `${origin}/app.html?as=alex`, openName);
  const people: Person[] = [sam, alex];
  const expectedMessages = new Map<string, Map<string, ExpectedMessage[]>>();
  const expectedReports = new Map<string, Map<string, ExpectedReport[]>>();
  const checks = new Map<string, Assertion[]>();
  const openChecks: Assertion[] = [];
  for (const p of people) {
    const ok = await p.page
      .evaluate(() => window.safesealDemo.ready)
      .then(() => true)
      .catch(() => false);
    openChecks.push({ what: `${p.user}'s messenger is ready (scanner, list, relay, contact's keys)`, passed: ok });
  }
  const safety = await Promise.all(people.map((p) => p.page.locator('#safety-number').textContent()));
  openChecks.push({
    what: `both pages show the same safety number (${safety[0]})`,
    passed: safety[0] === safety[1] && /^\d{5}( \d{5}){5}$/.test(safety[0] ?? ''),
  });
  checks.set(openName, openChecks);
  await axe(sam.page, "sam's messenger (child)");
  await axe(alex.page, "alex's messenger (adult)");

  for (const scenario of SCENARIOS) {
    await beginScenario(people, scenario.name);
    const mine: Assertion[] = [];
    checks.set(scenario.name, mine);
    const messages = new Map<string, ExpectedMessage[]>();
    const reports = new Map<string, ExpectedReport[]>();
    expectedMessages.set(scenario.name, messages);
    expectedReports.set(scenario.name, reports);
    console.log(`audit: ${scenario.name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await test.step(scenario.name, async () => {
      try {
        await scenario.run({
          sam,
          alex,
          images,
          check: (what, passed, detail) => mine.push({ what, passed, ...(detail && !passed ? { detail } : {}) }),
          expectMessage: (sender, m) => messages.set(sender, [...(messages.get(sender) ?? []), m]),
          expectReport: (reporter, r) => reports.set(reporter, [...(reports.get(reporter) ?? []), r]),
          moment: async (name, page) => {
            if (name === 'child-incoming-prompt') {
              await shoot(
                page,
                'child-prompt.png',
                "Sam (12) receives a picture the fixture model flags: it is blurred, with the child's prompt",
                '#messages li.message.in:last-child',
              );
              await axe(page, "sam's messenger with an incoming prompt open");
            } else if (name === 'child-outgoing-prompt') {
              await shoot(
                page,
                'child-outgoing-prompt.png',
                "Sam tries to send the test pattern: the child's outgoing prompt, Don't send first",
                '#outgoing-prompt safeseal-prompt [role="alertdialog"]',
              );
              await axe(page, "sam's messenger with the outgoing prompt open");
            } else await axe(page, "alex's messenger with the test prompt open");
          },
        });
      } catch (e) {
        mine.push({ what: 'the scenario ran to its end', passed: false, detail: (e as Error).message.split('\n')[0] });
      }
    });
  }
  const AFTER = 'the auditor panel, then closing both pages';
  await beginScenario(people, AFTER);
  console.log(`audit: scenarios done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  for (const [name, list] of checks) for (const a of list) if (!a.passed) console.log(`  FAILED ${name}: ${a.what} ${a.detail ?? ''}`);

  // The auditor panel, as sam sees it after everything.
  await shoot(
    sam.page,
    'auditor-panel.png',
    "Sam's auditor panel: model and list pins, the privacy ledger, verdict counts and every request this page sent",
    '#auditor',
  );
  await axe(sam.page, "the auditor panel (sam's page)", '#auditor');

  // Keys for decryption: each page's, as auditSecrets() gives them (never sent; read here).
  const keys = new Map<string, AccountKeys>();
  const secretNeedles: Needle[] = [];
  for (const p of people) {
    const k = await accountKeys(p.page);
    keys.set(p.user, k);
    secretNeedles.push(
      { what: `${p.user}'s Ed25519 secret key`, bytes: k.signSk.subarray(0, 32) },
      { what: `${p.user}'s X25519 secret key`, bytes: k.kxSk },
    );
    const session = k.raw.session as { tx?: string; rx?: string } | undefined;
    if (session?.tx) secretNeedles.push({ what: `${p.user}'s session tx key`, bytes: Buffer.from(session.tx, 'hex') });
    if (session?.rx) secretNeedles.push({ what: `${p.user}'s session rx key`, bytes: Buffer.from(session.rx, 'hex') });
  }

  for (const p of people) {
    // The page's own session key must be the one the audit derives from PROTOCOL.md alone.
    const other = people.find((o) => o !== p)!;
    const session = (keys.get(p.user) as unknown as { raw: { session: { tx: string } | null } }).raw.session;
    const derived = Buffer.from(senderKey(keys.get(p.user)!, keys.get(other.user)!.kxPk)).toString('hex');
    openChecks.push({
      what: `${p.user}'s session tx key is crypto_kx's, with the smaller kxPk as the client (derived by the audit)`,
      passed: session?.tx === derived,
    });
  }
  const ledgers = new Map<string, { entries: { seq: number; bytes: number; sha256: string }[] }>();
  for (const p of people) ledgers.set(p.user, (await p.page.evaluate(() => window.safesealDemo.ledger())) as never);
  // Closing the pages is part of AFTER: the WebSocket close frames are accounted for too.
  await Promise.all(people.map((p) => p.context.close()));
  await Promise.all(people.map((p) => p.proxy.settle(500)));

  // What must never appear in a request: texts, image slices, hashes, scores, labels.
  const texts = [...expectedMessages.values()].flatMap((m) => [...m.values()].flat().map((x) => x.text));
  const contentNeedles = contentNeedlesFor(ROOT, texts, [
    ['benign picture', benignFile, images.benign.buffer],
    ['test card', join(ROOT, 'demo/content/test-card.png'), images.testCard],
    ['test pattern', join(ROOT, 'demo/content/test-pattern.png'), images.testPattern],
  ]);
  const leakSearch = new LeakSearch(contentNeedles);

  // Accounting, scenario by scenario.
  const assets = assetAllowList(join(ROOT, 'dist'));
  const kinds = new Map<number, string>();
  const receiverSignatures: { name: string; signature: string }[] = [];
  const openReport = async (envelope: Uint8Array): Promise<OpenedForAudit> => {
    const opened = await authority.openReport(envelope, authorityKey);
    const verification = opened.header.franking ? await authority.verifyReportFranking(opened, platformPub, authorityKey) : null;
    return { header: opened.header, attachment: opened.attachment, franking: verification };
  };
  const reportItems: { sha256: string; bytes: number }[] = [];
  const accountedTags = [openName, ...SCENARIOS.map((s) => s.name), AFTER];
  for (const name of accountedTags) {
    const assertions = [...(checks.get(name) ?? [])];
    const verdicts: Verdict[] = [];
    for (const p of people) {
      const items = outgoing(p, name);
      const result = await accountFor(items, {
        origin,
        assets,
        keys,
        // Each browser is held to what its own person did.
        messages: new Map([[p.user, expectedMessages.get(name)?.get(p.user) ?? []]]),
        reports: new Map([[p.user, expectedReports.get(name)?.get(p.user) ?? []]]),
        buckets: [4096, 4_194_304],
        openReport,
        verifyFranking: franking.verifyFrankedMessage,
      });
      verdicts.push(...result.verdicts);
      for (const v of result.verdicts) kinds.set(v.item.seq, v.kind);
      const bad = result.verdicts.filter((v) => !v.ok);
      assertions.push({
        what: `${p.user}: all ${items.length} outgoing items accounted for`,
        passed: bad.length === 0,
        ...(bad.length ? { detail: bad.map((v) => `${v.item.method} ${v.item.url}: ${v.verdict}`).join('; ') } : {}),
      });
      assertions.push({
        what: `${p.user}: every message and report the scenario made was sent`,
        passed: result.missing.length === 0,
        ...(result.missing.length ? { detail: result.missing.join('; ') } : {}),
      });
      const hits = items.flatMap((i) => {
        if (i.type === 'frame') return leakSearch.search(i.body, `${i.url} frame`);
        const head = i.head ?? Buffer.alloc(0);
        const lineEnd = head.indexOf('\r\n');
        const isAsset = result.verdicts.find((v) => v.item === i)?.kind === 'asset';
        return [
          ...leakSearch.search(head.subarray(0, lineEnd), `${i.url} request line`, isAsset),
          ...leakSearch.search(head.subarray(lineEnd), `${i.url} headers`),
          ...leakSearch.search(i.body, `${i.url} body`),
        ];
      });
      assertions.push({
        what: `${p.user}: no text, image bytes, hash, score or label in any request (${leakSearch.size} encodings searched)`,
        passed: hits.length === 0,
        ...(hits.length
          ? {
              detail: hits
                .slice(0, 5)
                .map((h) => `${h.what} as ${h.form} in ${h.where}`)
                .join('; '),
            }
          : {}),
      });
      for (const v of result.verdicts)
        if (v.kind === 'report' && v.item.account === 'sam') reportItems.push({ sha256: sha256(v.item.body), bytes: v.item.body.length });
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (scenario?.receiver === p.user)
        receiverSignatures.push({ name, signature: JSON.stringify(result.verdicts.map((v) => [v.kind, v.item.body.length])) });
    }
    scenarioReports.push({
      name,
      passed: assertions.every((a) => a.passed),
      assertions,
      requests: verdicts.map((v) => ({
        kind: v.kind,
        method: v.item.method,
        url: v.item.url,
        bytes: v.item.type === 'http' ? (v.item.head?.length ?? 0) + v.item.body.length : wireBytes(people, v.item.seq),
        verdict: `${v.item.account}: ${v.verdict}`,
      })),
    });
  }

  for (const p of people) {
    const stray = outgoing(p, null).filter((i) => !accountedTags.includes(tagOf(p, i.seq)));
    allAssertions.push({
      what: `${p.user}: every item the proxy captured belongs to an accounted scenario (${outgoing(p, null).length} items)`,
      passed: stray.length === 0,
      detail: stray.map((i) => `${i.method} ${i.url} (${tagOf(p, i.seq)})`).join(', '),
    });
  }

  // Whole-run checks: receivers' traffic, the ledger, three accounts of the bytes, the database.
  const sigs = new Set(receiverSignatures.map((r) => r.signature));
  allAssertions.push({
    what: `the receiver's outgoing traffic (kinds, sizes, order) is identical for ${receiverSignatures.map((r) => `"${r.name}"`).join(', ')}: ${receiverSignatures[0]?.signature}`,
    passed: receiverSignatures.length === 3 && sigs.size === 1,
    ...(sigs.size > 1 ? { detail: receiverSignatures.map((r) => `${r.name}: ${r.signature}`).join('; ') } : {}),
  });
  for (const p of people) {
    const ledger = ledgers.get(p.user)!;
    const mineReports = p.user === 'sam' ? reportItems : [];
    const entries = ledger.entries.map((e) => ({ sha256: e.sha256, bytes: e.bytes }));
    allAssertions.push({
      what: `${p.user}'s privacy ledger has one entry per captured report (${entries.length} entries, ${mineReports.length} reports), same size and SHA-256, in order`,
      passed: JSON.stringify(entries) === JSON.stringify(mineReports),
      detail: `ledger ${JSON.stringify(entries)}, captured ${JSON.stringify(mineReports)}`,
    });
    allAssertions.push({ what: `${p.user}'s ledger verifies (verifyLedger)`, passed: await sdk.verifyLedger(ledger.entries as never) });
  }
  for (const p of people) allAssertions.push(...proxyConservation(p.user, p.proxy), ...playwrightMatches(p));
  // The browser's own calls home (not from either page: they arrive at the browser-wide proxy)
  // are refused there; none may reach the relay, and none may carry content.
  const forwarded = fallback.requests.filter((r) => !r.refused);
  const fallbackHits = fallback.requests.flatMap((r) => [...leakSearch.search(r.head, r.url), ...leakSearch.search(r.body, r.url)]);
  allAssertions.push({
    what: `the browser's own requests outside the two pages (${fallback.requests.length}: ${[...new Set(fallback.requests.map((r) => new URL(r.url).host))].join(', ') || 'none'}) were all refused by the proxy, none to the relay, none carrying content`,
    passed: forwarded.length === 0 && fallbackHits.length === 0,
    detail: `forwarded: ${forwarded.map((r) => r.url).join(', ')}; hits: ${fallbackHits.map((h) => h.what).join(', ')}`,
  });

  // The canary: a page that leaks on purpose must be caught by the same proxy and checks.
  const canary = await runCanary(browser, origin, texts[0], leakSearch, {
    origin,
    assets,
    keys,
    messages: new Map(),
    reports: new Map([['canary', []]]),
    buckets: [4096, 4_194_304],
    openReport,
    verifyFranking: franking.verifyFrankedMessage,
  });
  allAssertions.push(...canary.assertions);

  // The authority view: both reports opened and franked, seen on its own origin (its own proxy).
  const authorityPage = await openPerson(browser, 'authority', demo.authorityUrl, 'authority view');
  const listed = (await (await fetch(`${demo.authorityUrl}api/reports`)).json()) as { error: string | null; franking: { valid: boolean } | null }[];
  allAssertions.push({
    what: `the authority view opens ${listed.length} reports, each with valid franking`,
    passed: listed.length === reportItems.length && listed.every((r) => r.error === null && r.franking?.valid === true),
  });
  await expect(authorityPage.page.locator('body')).not.toBeEmpty();
  await authorityPage.page.waitForLoadState('networkidle');
  await axe(authorityPage.page, 'the authority view');
  await shoot(authorityPage.page, 'authority-view.png', 'The authority view: the reports opened, franking verified, device claims marked');

  await authorityPage.context.close();
  const authorityHosts = authorityPage.proxy.requests.filter((r) => !r.url.startsWith(demo.authorityUrl));
  allAssertions.push({
    what: `the authority view's browser fetched only from the authority's own origin (${authorityPage.proxy.requests.length} requests)`,
    passed: authorityHosts.length === 0,
    detail: authorityHosts.map((r) => r.url).join(', '),
  });
  const relayLog = readFileSync(join(demo.dataDir, 'relay-log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RelayLogLine);
  const canaryPorts = canary.person.proxy.connections.flatMap((c) => c.upstreams.map((u) => u.localPort));
  allAssertions.push(...relayLogMatches(people, relayLog, kinds, canaryPorts));
  // The database while the relay runs (its -wal holds recent pages), then once it is closed.
  const liveNeedles = (): Needle[] => [
    ...contentNeedles.filter((n) => !n.word && !n.what.includes('score')),
    ...secretNeedles,
    ...keyFileSecrets(join(ROOT, 'demo/keys'), ['authority.key.json', 'platform.key.json', 'signer-1.key.json', 'signer-2.key.json']),
  ];
  const dbLive = scanDatabase(demo.dataDir, liveNeedles()).map((a) => ({ ...a, what: `while the relay runs: ${a.what}` }));
  await browser.close();
  await demo.close();

  const dbAssertions = [...dbLive, ...scanDatabase(demo.dataDir, liveNeedles()).map((a) => ({ ...a, what: `after the relay closed: ${a.what}` }))];

  scenarioReports.push(
    {
      name: 'whole run: receivers, ledger, byte counts (proxy, Playwright, relay log)',
      passed: allAssertions.every((a) => a.passed),
      assertions: allAssertions,
      requests: [],
    },
    { name: "the relay's database", passed: dbAssertions.every((a) => a.passed), assertions: dbAssertions, requests: [] },
    { name: 'accessibility (axe)', passed: axeResults.every((a) => a.passed), assertions: axeResults, requests: [] },
  );
  const pkg = readJson('package.json') as { version: string };
  writeAuditReport(
    OUT,
    {
      build: {
        sdk: pkg.version,
        model: sha256(readFileSync(join(ROOT, 'dist/assets/nsfw-mobilenetv2.onnx'))),
        lists: [sha256(readFileSync(join(ROOT, 'demo/content/demo-test.ssl')))],
      },
      scenarios: scenarioReports,
    },
    { screenshots, runMs: Date.now() - started },
  );
  const failed = scenarioReports.flatMap((s) =>
    s.assertions.filter((a) => !a.passed).map((a) => `${s.name}: ${a.what}${a.detail ? ` — ${a.detail}` : ''}`),
  );
  expect(failed, 'every assertion of audit-report/index.html passes').toEqual([]);
});

function tagOf(person: Person, seq: number): string {
  return (person.proxy.requests.find((r) => r.seq === seq) ?? person.proxy.frames.find((f) => f.seq === seq))?.tag ?? '?';
}

function wireBytes(people: readonly Person[], seq: number): number {
  for (const p of people) {
    const f = p.proxy.frames.find((x) => x.seq === seq);
    if (f) return f.wireBytes;
  }
  return 0;
}
