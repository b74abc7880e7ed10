// The trust policy's numbers, apart from trust.ts so the main-thread entry can export them without
// reaching the Ed25519 (libsodium) code that trust.ts needs.

/** Default number of distinct trusted signers a list needs. */
export const DEFAULT_TRUST_THRESHOLD = 2;
/** Most signers a trust set may name. */
export const MAX_TRUSTED_SIGNERS = 64;
