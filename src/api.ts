// What both entries (browser and Node) export besides createScanner.

export { ERROR_CODES, isSafesealError, SafesealError, type ErrorCode } from './errors.js';
export { DEFAULT_MAX_PIXELS, MAX_FRAMES, MAX_IMAGE_SIDE } from './image/sniff.js';
export type { ImageDataLike, ImageInput } from './scanner/input.js';
export { DIHEDRAL_NAMES, hammingDistance } from './pdq/index.js';
export type { AssetSource, LoadProgress, LoadStage, ProgressListener } from './scanner/assets.js';
export { LABELS, MODEL_SHA256, ORT_VERSION, ORT_WASM_FILE, ORT_WASM_SHA256 } from './classify/pins.js';
export { LIST_CATEGORIES } from './lists/categories.js';
export { DEFAULT_TRUST_THRESHOLD } from './lists/trust-limits.js';
export type {
  ClassifierStatus,
  ClassifyResult,
  ClassScores,
  HashResult,
  ListCategory,
  ListInfo,
  ListMatch,
  ListState,
  LoadListOptions,
  MatchOptions,
  MatchResult,
  SafesealStatus,
  ShownHash,
  TrustedSigner,
  TrustSet,
} from './protocol.js';
export { verifyLedger, type LedgerEntry, type LedgerHead } from './ledger/ledger.js';
export { Scanner, type CallOptions, type ClassifierOptions, type LedgerView, type ScanCallOptions, type ScannerOptions } from './scanner/scanner.js';
// Verdicts, prompts and reports: the types an app names when it handles scanImage's answer.
export type { Category } from './taxonomy.js';
export type {
  Action,
  Audience,
  CheckErrorCode,
  Direction,
  HelpResource,
  OnError,
  OnKnownMatch,
  PolicyOptions,
  PromptDescriptor,
  PromptKind,
  PromptOption,
  PromptOptionId,
  Thresholds,
  Verdict,
} from './policy/types.js';
export type { BlurredPreview, CreateReportOptions, ReportNoticeDescriptor, ReportOptions } from './protocol.js';
