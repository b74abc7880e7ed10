// The messenger's scanner: every asset a scan, a prompt or a report may need is fetched here,
// once, before the first scan (the real model and onnxruntime's wasm, the fixture model, the demo
// list and its trust set, the authority's public key), so that nothing the page sends afterwards
// can depend on a verdict. The "fixture test model" switch replaces the scanner with one built on
// the fixture model's bytes (a ready classifier cannot be swapped in place), carrying over the
// allowlist, the ledger and the lists' state.

import type { SdkModules, Scanner, Verdict, ListInfo, TrustSet } from './sdk.js';
import { manifestSha256 } from './manifest.js';
import type { DeviceStore } from './store.js';

export type Direction = 'outgoing' | 'incoming';
export type Action = Verdict['action'];

/** The assets, as bytes in memory. */
export interface Assets {
  readonly model: Uint8Array;
  readonly wasm: Uint8Array;
  readonly fixtureModel: Uint8Array;
  readonly fixtureSha256: string | null;
  readonly list: Uint8Array;
  readonly trust: unknown;
  readonly authority: unknown;
  readonly testCard: Blob;
  readonly testPattern: Blob;
}

async function bytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url, { credentials: 'omit' });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function json(url: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await bytes(url)));
}

/** Fetches every asset (in parallel; a missing one fails the start, visibly). */
export async function loadAssets(sdk: SdkModules['sdk']): Promise<Assets> {
  const sdkBase = new URL('/sdk/', location.href);
  const [model, wasm, fixtureModel, manifest, list, trust, authority, testCard, testPattern] = await Promise.all([
    bytes(new URL('assets/nsfw-mobilenetv2.onnx', sdkBase).href),
    bytes(new URL(`assets/${sdk.ORT_WASM_FILE}`, sdkBase).href),
    bytes('/demo/fixture-model.onnx'),
    json('/demo/manifest.json').catch(() => null),
    bytes('/demo/demo-test.ssl'),
    json('/demo/demo-trust.json'),
    json('/demo/authority.pub.json'),
    bytes('/demo/test-card.png'),
    bytes('/demo/test-pattern.png'),
  ]);
  return {
    model,
    wasm,
    fixtureModel,
    fixtureSha256: manifestSha256(manifest, 'fixture-model.onnx'),
    list,
    trust,
    authority,
    testCard: new Blob([testCard as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
    testPattern: new Blob([testPattern as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
  };
}

export interface ScanRecord {
  readonly direction: Direction;
  readonly action: Action;
}

/** A scan's verdict and the scanner it belongs to (scan ids are per scanner). */
export interface Scanned {
  readonly verdict: Verdict;
  readonly generation: number;
}

export class Scanning {
  #scanner!: Scanner;
  #generation = 0;
  #fixture = false;
  #lists: ListInfo[] = [];
  /** Verdicts by direction and action: in memory only, never persisted or sent. */
  readonly counts: Record<Direction, Record<Action, number>> = {
    outgoing: { allow: 0, blur: 0, warn: 0, block: 0 },
    incoming: { allow: 0, blur: 0, warn: 0, block: 0 },
  };
  readonly history: ScanRecord[] = [];
  /** Set when the stored ledger did not verify and was set aside. */
  ledgerRefused = false;
  #switching: Promise<unknown> = Promise.resolve();
  readonly #changed = new Set<() => void>();

  /** Called after every scan, scanner switch and report (the auditor panel re-renders). */
  onChange(listener: () => void): void {
    this.#changed.add(listener);
  }

  #notify(): void {
    for (const l of this.#changed) l();
  }

  constructor(
    readonly modules: SdkModules,
    readonly assets: Assets,
    readonly store: DeviceStore,
    readonly audience: 'child' | 'adult',
    readonly locale: string,
  ) {}

  get scanner(): Scanner {
    return this.#scanner;
  }
  get generation(): number {
    return this.#generation;
  }
  get fixture(): boolean {
    return this.#fixture;
  }
  get lists(): readonly ListInfo[] {
    return this.#lists;
  }

  /** Starts the scanner with the real model and loads the demo list. */
  async start(): Promise<void> {
    this.#scanner = await this.#create(false);
  }

  /** Replaces the scanner with one on the fixture model (true) or the real one (false). */
  setFixture(on: boolean): Promise<void> {
    const job = this.#switching.then(async () => {
      if (on === this.#fixture) return;
      if (on && this.assets.fixtureSha256 === null) throw new Error('the demo manifest gives no sha256 for fixture-model.onnx');
      const next = await this.#create(on);
      const old = this.#scanner;
      this.#scanner = next;
      this.#fixture = on;
      this.#generation++;
      await old.dispose();
      this.#notify();
    });
    this.#switching = job.catch(() => undefined);
    return job;
  }

  async #create(fixture: boolean): Promise<Scanner> {
    const { sdk } = this.modules;
    const key = await this.store.allowlistKey();
    const entries = this.store.allowlist;
    const base = {
      wasm: this.assets.wasm,
      policy: { audience: this.audience },
      region: 'GB',
      locale: this.locale,
      allowlist: entries ? { key, entries } : { key },
      reportKey: this.assets.authority,
      ...(fixture ? { model: this.assets.fixtureModel, modelSha256: this.assets.fixtureSha256! } : { model: this.assets.model }),
    };
    const ledger = this.#scanner ? this.#scanner.ledger().entries : this.store.ledger;
    let scanner: Scanner;
    try {
      scanner = await sdk.createScanner({ ...base, ledger });
    } catch (e) {
      if ((e as { code?: string }).code !== 'INVALID_ARGUMENT' || ledger.length === 0 || (await sdk.verifyLedger(ledger))) throw e;
      // The stored ledger was changed or truncated: keep it aside for the auditor, start afresh.
      this.store.setAsideLedger();
      this.ledgerRefused = true;
      scanner = await sdk.createScanner(base);
    }
    const info = await scanner.loadList(this.assets.list.slice(), {
      trust: this.assets.trust as TrustSet,
      listState: this.store.listState,
      allowDemoKeys: true,
    });
    this.store.saveListState(info.id, info);
    this.#lists = [info];
    return scanner;
  }

  /** scanImage, counted (labels only) for the auditor panel and the test hooks. */
  async scan(image: Blob, direction: Direction): Promise<Scanned> {
    await this.#switching;
    const generation = this.#generation;
    const verdict = await this.#scanner.scanImage(image, { direction });
    this.counts[direction][verdict.action]++;
    this.history.push({ direction, action: verdict.action });
    this.#notify();
    return { verdict, generation };
  }

  /** Saves the ledger after a report (the scanner appended to it). */
  persistLedger(): void {
    this.store.ledger = this.#scanner.ledger().entries;
    this.#notify();
  }
}
