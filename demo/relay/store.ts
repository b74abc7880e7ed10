// DEMO ONLY. The relay's SQLite database (better-sqlite3 12; 13 crashes on Node 20): public keys,
// routing metadata, ciphertexts with their commitments and sealed stamps, used message ids and
// sealed reports as opaque bytes. `secure_delete` zeroes freed pages, so what the relay deletes
// does not linger in the file an auditor opens.

import Database from 'better-sqlite3';

export interface Account {
  readonly user: string;
  readonly signPk: Uint8Array;
  readonly kxPk: Uint8Array;
}

export interface StoredMessage {
  readonly rowId: number;
  readonly sender: string;
  readonly recipient: string;
  readonly conversation: string;
  readonly messageId: string;
  /** The relay's receive time, ms since the epoch. */
  readonly timestamp: number;
  readonly commitment: Uint8Array;
  readonly sealedStamp: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface StoredReport {
  readonly id: number;
  /** ms since the epoch. */
  readonly receivedAt: number;
  readonly bytes: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (user TEXT PRIMARY KEY, sign_pk BLOB NOT NULL, kx_pk BLOB NOT NULL, registered_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS used_message_ids (sender TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (sender, message_id));
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY, sender TEXT NOT NULL, recipient TEXT NOT NULL, conversation TEXT NOT NULL,
  message_id TEXT NOT NULL, timestamp INTEGER NOT NULL, commitment BLOB NOT NULL, sealed_stamp BLOB NOT NULL,
  ciphertext BLOB NOT NULL, delivered INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (recipient, delivered);
CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, envelope BLOB NOT NULL);
`;

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The relay's tables behind a few named statements. */
export class RelayStore {
  private readonly db: Database.Database;

  /** Opens (or creates) the database file at `path`. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('secure_delete = ON');
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  account(user: string): Account | null {
    const row = this.db.prepare('SELECT user, sign_pk, kx_pk FROM accounts WHERE user = ?').get(user) as
      { user: string; sign_pk: Buffer; kx_pk: Buffer } | undefined;
    return row === undefined ? null : { user: row.user, signPk: bytes(row.sign_pk), kxPk: bytes(row.kx_pk) };
  }

  accounts(): Account[] {
    const rows = this.db.prepare('SELECT user, sign_pk, kx_pk FROM accounts ORDER BY user').all() as {
      user: string;
      sign_pk: Buffer;
      kx_pk: Buffer;
    }[];
    return rows.map((r) => ({ user: r.user, signPk: bytes(r.sign_pk), kxPk: bytes(r.kx_pk) }));
  }

  /** Trust on first use: the first keys a user presents are theirs for the life of the database. */
  register(account: Account, now: number): void {
    this.db
      .prepare('INSERT INTO accounts (user, sign_pk, kx_pk, registered_at) VALUES (?, ?, ?, ?)')
      .run(account.user, Buffer.from(account.signPk), Buffer.from(account.kxPk), now);
  }

  /** Records a sender's message id; false if that sender has used it before. */
  claimMessageId(sender: string, messageId: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO used_message_ids (sender, message_id) VALUES (?, ?)').run(sender, messageId).changes === 1;
  }

  /** Stores a stamped message; returns its row id. */
  storeMessage(m: Omit<StoredMessage, 'rowId'>): number {
    const info = this.db
      .prepare(
        'INSERT INTO messages (sender, recipient, conversation, message_id, timestamp, commitment, sealed_stamp, ciphertext) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        m.sender,
        m.recipient,
        m.conversation,
        m.messageId,
        m.timestamp,
        Buffer.from(m.commitment),
        Buffer.from(m.sealedStamp),
        Buffer.from(m.ciphertext),
      );
    return Number(info.lastInsertRowid);
  }

  /** Messages not yet delivered to `recipient`, oldest first. */
  pending(recipient: string): StoredMessage[] {
    const rows = this.db
      .prepare(
        'SELECT id, sender, recipient, conversation, message_id, timestamp, commitment, sealed_stamp, ciphertext FROM messages WHERE recipient = ? AND delivered = 0 ORDER BY id',
      )
      .all(recipient) as {
      id: number;
      sender: string;
      recipient: string;
      conversation: string;
      message_id: string;
      timestamp: number;
      commitment: Buffer;
      sealed_stamp: Buffer;
      ciphertext: Buffer;
    }[];
    return rows.map((r) => ({
      rowId: r.id,
      sender: r.sender,
      recipient: r.recipient,
      conversation: r.conversation,
      messageId: r.message_id,
      timestamp: r.timestamp,
      commitment: bytes(r.commitment),
      sealedStamp: bytes(r.sealed_stamp),
      ciphertext: bytes(r.ciphertext),
    }));
  }

  markDelivered(rowId: number): void {
    this.db.prepare('UPDATE messages SET delivered = 1 WHERE id = ?').run(rowId);
  }

  /** Stores an envelope as opaque bytes; returns its id. */
  storeReport(envelope: Uint8Array, now: number): number {
    return Number(this.db.prepare('INSERT INTO reports (received_at, envelope) VALUES (?, ?)').run(now, Buffer.from(envelope)).lastInsertRowid);
  }

  reports(): StoredReport[] {
    return this.db.prepare('SELECT id, received_at AS receivedAt, length(envelope) AS bytes FROM reports ORDER BY id').all() as StoredReport[];
  }

  report(id: number): Uint8Array | null {
    const row = this.db.prepare('SELECT envelope FROM reports WHERE id = ?').get(id) as { envelope: Buffer } | undefined;
    return row === undefined ? null : bytes(row.envelope);
  }

  /** Checkpoints the WAL into the main file and closes; idempotent. */
  close(): void {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
