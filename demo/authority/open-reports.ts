// DEMO ONLY. The authority's side of the inbox: fetch each envelope from the relay, open it with
// the authority's key and check its franking — `openReport` and `verifyReportFranking` from
// `safeseal/authority`, the code `safeseal report open` runs — and say, field by field, what the
// platform's stamp verified and what is only the reporting device's claim.

import type { FrankingVerification, ReportHeader } from 'safeseal/authority';

/** Who vouches for a header field. */
export type FieldStatus = 'verified' | 'device-claim' | 'not-verified';

export interface ReportField {
  /** Dotted path in the header, e.g. `franking.sender`. */
  readonly field: string;
  readonly value: string;
  readonly status: FieldStatus;
}

export interface ReportView {
  readonly id: number;
  /** When the relay received it, ms since the epoch (the relay's claim). */
  readonly receivedAt: number;
  readonly bytes: number;
  /** null when it opened; else the SafesealError code (or message) it failed with. */
  readonly error: string | null;
  readonly header: ReportHeader | null;
  /** null when the report carries no franking. */
  readonly franking: FrankingVerification | null;
  readonly fields: readonly ReportField[];
  /** The attached image, when there is one (bytes at /api/reports/:id/attachment). */
  readonly attachment: { readonly type: string; readonly bytes: number } | null;
}

interface Authority {
  openReport: typeof import('safeseal/authority').openReport;
  verifyReportFranking: typeof import('safeseal/authority').verifyReportFranking;
}

/** Fields the stamp vouches for once the franking verifies (the commitment opens to the message). */
const STAMPED = new Set([
  'franking.sender',
  'franking.recipient',
  'franking.conversation',
  'franking.messageId',
  'franking.timestamp',
  'franking.message',
]);
const FRANKING_PARTS = new Set(['franking.frankingKey', 'franking.commitment', 'franking.sealedStamp']);

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Every leaf of the header with its status. */
export function describeFields(header: ReportHeader, franking: FrankingVerification | null): ReportField[] {
  const fields: ReportField[] = [];
  const visit = (path: string, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(path === '' ? k : `${path}.${k}`, v);
      return;
    }
    let status: FieldStatus = 'device-claim';
    if (STAMPED.has(path) || FRANKING_PARTS.has(path)) status = franking?.valid === true ? 'verified' : 'not-verified';
    if (path === 'attachment.sha256' || path === 'attachment.bytes' || path === 'franking.attachmentSha256')
      status = franking?.valid === true && franking.attachment === 'matches' ? 'verified' : status;
    const shown = path === 'franking.message' ? Buffer.from(String(value), 'base64').toString('utf8') : text(value);
    fields.push({ field: path, value: shown, status });
  };
  visit('', header);
  return fields;
}

/** Opens inbox reports, caching each by id (an envelope never changes). */
export class ReportOpener {
  private readonly cache = new Map<number, { view: ReportView; attachment: Uint8Array | null }>();

  constructor(
    private readonly authority: Authority,
    private readonly authorityKey: unknown,
    private readonly platformPublicKey: unknown,
    private readonly fetchInbox: (path: string) => Promise<Response>,
  ) {}

  /** Every report in the relay's inbox, opened. @throws Error when the relay does not answer */
  async list(): Promise<ReportView[]> {
    const res = await this.fetchInbox('/inbox/reports');
    if (!res.ok) throw new Error(`relay inbox answered ${res.status}`);
    const entries = (await res.json()) as { id: number; receivedAt: number; bytes: number }[];
    const views: ReportView[] = [];
    for (const e of entries) views.push((await this.open(e)).view);
    return views;
  }

  /** The attachment bytes of report `id`, or null (no such report, or none attached). */
  async attachment(id: number): Promise<Uint8Array | null> {
    if (!this.cache.has(id)) await this.list();
    return this.cache.get(id)?.attachment ?? null;
  }

  private async open(e: { id: number; receivedAt: number; bytes: number }) {
    const hit = this.cache.get(e.id);
    if (hit !== undefined) return hit;
    const res = await this.fetchInbox(`/inbox/reports/${e.id}`);
    if (!res.ok) throw new Error(`relay inbox answered ${res.status} for report ${e.id}`);
    const envelope = new Uint8Array(await res.arrayBuffer());
    let entry: { view: ReportView; attachment: Uint8Array | null };
    try {
      const opened = await this.authority.openReport(envelope, this.authorityKey);
      const franking =
        opened.header.franking === undefined ? null : await this.authority.verifyReportFranking(opened, this.platformPublicKey, this.authorityKey);
      const attachment =
        opened.header.attachment !== undefined && opened.attachment !== null
          ? { type: opened.header.attachment.type, bytes: opened.attachment.length }
          : null;
      entry = {
        view: { ...e, error: null, header: opened.header, franking, fields: describeFields(opened.header, franking), attachment },
        attachment: opened.attachment,
      };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      entry = {
        view: { ...e, error: typeof code === 'string' ? code : String(err), header: null, franking: null, fields: [], attachment: null },
        attachment: null,
      };
    }
    this.cache.set(e.id, entry);
    return entry;
  }
}
