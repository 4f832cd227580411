import type { Database } from 'better-sqlite3';

// Which enrollments were given a Google Wallet save link, and when last: what the enrollments list shows
// as "wallet" beside printed and sent.

export interface WalletPasses {
  record(enrollmentUid: string, issuedAt: string, validUntil: string): void;
}

export function createWalletPasses(db: Database): WalletPasses {
  const upsert = db.prepare(
    `INSERT INTO wallet_passes (enrollment_uid, last_issued_at, valid_until, issued) VALUES (?, ?, ?, 1)
     ON CONFLICT(enrollment_uid) DO UPDATE SET last_issued_at = excluded.last_issued_at, valid_until = excluded.valid_until, issued = issued + 1`,
  );
  return {
    record(enrollmentUid, issuedAt, validUntil) {
      upsert.run(enrollmentUid, issuedAt, validUntil);
    },
  };
}
