// What both entries (browser and Node) export besides createScanner.

export { ERROR_CODES, isSafesealError, SafesealError, type ErrorCode } from './errors.js';
export { DEFAULT_MAX_PIXELS } from './image/sniff.js';
export type { ImageDataLike, ImageInput } from './input.js';
export { DIHEDRAL_NAMES, hammingDistance } from './pdq/index.js';
export { LIST_CATEGORIES } from './lists/categories.js';
export { DEFAULT_TRUST_THRESHOLD } from './lists/trust.js';
export type {
  HashResult,
  ListCategory,
  ListInfo,
  ListMatch,
  ListState,
  LoadListOptions,
  MatchOptions,
  MatchResult,
  SafesealStatus,
  TrustedSigner,
  TrustSet,
} from './protocol.js';
export { Scanner, type CallOptions, type ScannerOptions } from './scanner.js';
