// The engine's verdict side: the resolved policy, the scans kept for later, the local allowlist
// and the report desk, behind the calls the Scanner makes — scanImage, blurredPreview,
// markNotSensitive, reportNotice, createReport. Decoding, lists and the classifier stay the
// Engine's; they come in as ScanServices.

import { checkBytes, checkObject, checkOneOf, checkOptions, checkString } from '../check.js';
import { SafesealError } from '../errors.js';
import { resolvePolicy, type ResolvedPolicy } from '../policy/decide.js';
import { DIRECTIONS, type Decision, type Direction, type PromptDescriptor, type Verdict } from '../policy/types.js';
import { reportNotice, type ReportNoticeDescriptor } from '../prompts/report-notice.js';
import { Allowlist } from './allowlist.js';
import type { PreviewImage } from './preview.js';
import { ReportDesk } from './report.js';
import { randomScanId, runScan, type ScanRecord, type ScanServices } from './scan.js';
import { ScanStore } from './scan-state.js';

/** The verdict settings the worker is built with (checked again here: they crossed the boundary). */
export interface VerdictSettings {
  readonly policy?: unknown;
  readonly locale?: unknown;
  readonly region?: unknown;
  readonly helpResources?: unknown;
  readonly reportKey?: unknown;
  readonly allowlist?: unknown;
}

/** What the main thread may say about a classifier it could not give the worker (WorkerScanOptions). */
const CLASSIFIER_ERRORS = ['MODEL_INTEGRITY', 'MODEL_LOAD'] as const;

/** Builds the prompt for a decision (the prompts module, with the scanner's locale and region). */
export type PromptBuilder = (decision: Decision, direction: Direction, policy: ResolvedPolicy) => PromptDescriptor | undefined;

export class VerdictDesk {
  readonly policy: ResolvedPolicy;
  readonly #locale: string | undefined;
  readonly #authority: { name?: string; url?: string };
  readonly #scans = new ScanStore<ScanRecord>();
  readonly #reports: ReportDesk;
  readonly #allowlist: Allowlist | null;
  readonly #prompt: PromptBuilder;

  /** @throws SafesealError INVALID_ARGUMENT */
  constructor(settings: VerdictSettings | undefined, prompt: PromptBuilder) {
    const s = checkOptions(settings, 'verdicts', ['policy', 'locale', 'region', 'helpResources', 'reportKey', 'allowlist']);
    this.policy = resolvePolicy(s.policy as never);
    this.#locale = s.locale === undefined ? undefined : checkString(s.locale, 'locale', 1, 35);
    this.#prompt = prompt;
    let authorityKey: Uint8Array | null = null;
    this.#authority = {};
    if (s.reportKey !== undefined) {
      const k = checkOptions(s.reportKey, 'reportKey', ['publicKey', 'name', 'url']);
      authorityKey = checkBytes(k.publicKey, 'reportKey.publicKey');
      if (authorityKey.length !== 32) throw new SafesealError('INVALID_ARGUMENT', '"reportKey.publicKey" must be 32 bytes (X25519)');
      this.#authority = {
        ...(k.name === undefined ? {} : { name: checkString(k.name, 'reportKey.name', 1, 200) }),
        ...(k.url === undefined ? {} : { url: checkString(k.url, 'reportKey.url', 1, 2000) }),
      };
    }
    this.#reports = new ReportDesk(authorityKey);
    if (s.allowlist !== undefined) {
      const a = checkObject(s.allowlist, 'allowlist');
      this.#allowlist = new Allowlist(a.key, a.entries);
    } else {
      this.#allowlist = null;
    }
  }

  /**
   * One scan: the verdict, with the scan kept for a later preview, contest or report.
   * @throws SafesealError INVALID_ARGUMENT (options), or the code under onError 'throw'
   */
  async scan(options: unknown, services: Omit<ScanServices, 'policy' | 'allowlist' | 'prompt' | 'newScanId'>): Promise<Verdict> {
    const o = checkOptions(options, 'options', ['direction', 'classifierError']);
    const direction = checkOneOf(o.direction, 'direction', DIRECTIONS);
    const classifierError = o.classifierError === undefined ? undefined : checkOneOf(o.classifierError, 'classifierError', CLASSIFIER_ERRORS);
    const { verdict, record } = await runScan(direction, {
      ...services,
      // Only a worker without a classifier takes the main thread's reason for it.
      classify: services.classify === 'NOT_READY' && classifierError ? classifierError : services.classify,
      policy: this.policy,
      allowlist: this.#allowlist,
      prompt: (d, dir) => this.#prompt(d, dir, this.policy),
      newScanId: randomScanId,
    });
    this.#scans.add(record);
    return verdict;
  }

  /**
   * The heavily blurred preview of a flagged scan.
   * @throws SafesealError UNKNOWN_SCAN; INVALID_ARGUMENT for a scan that was not flagged
   */
  preview(scanId: unknown): PreviewImage {
    const s = this.#scans.get(scanId);
    if (!s.preview) throw new SafesealError('INVALID_ARGUMENT', 'only a flagged scan has a blurred preview');
    return { width: s.preview.width, height: s.preview.height, data: s.preview.data.slice() };
  }

  /**
   * Marks a scanned image "not sensitive": the classifier will not flag it again (a list match
   * still counts). Returns the whole allowlist, sorted, for the app to store; never sent anywhere.
   * @throws SafesealError INVALID_ARGUMENT (no allowlist key, pixel input), UNKNOWN_SCAN
   */
  async markNotSensitive(scanId: unknown): Promise<Uint8Array> {
    if (!this.#allowlist) throw new SafesealError('INVALID_ARGUMENT', '"markNotSensitive" needs createScanner({ allowlist: { key } })');
    const s = this.#scans.get(scanId);
    if (s.sha256 === null) throw new SafesealError('INVALID_ARGUMENT', 'only an encoded image file can be marked not sensitive');
    return this.#allowlist.add(s.sha256);
  }

  /**
   * The notice to show before reporting `scanId` with these options.
   * @throws SafesealError INVALID_ARGUMENT, UNKNOWN_SCAN
   */
  reportNotice(scanId: unknown, options: unknown): ReportNoticeDescriptor {
    const facts = this.#reports.notice(this.#scans.get(scanId), options);
    return reportNotice({ ...facts, audience: this.policy.audience, ...(this.#locale ? { locale: this.#locale } : {}), authority: this.#authority });
  }

  /**
   * The sealed report for `scanId`.
   * @throws SafesealError INVALID_ARGUMENT, UNKNOWN_SCAN
   */
  createReport(scanId: unknown, options: unknown): Promise<Uint8Array> {
    return this.#reports.create(this.#scans.get(scanId), options);
  }

  /** Zeroes every kept scan. */
  dispose(): void {
    this.#scans.clear();
  }
}
