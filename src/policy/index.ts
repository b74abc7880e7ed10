// The policy: audience profiles as data and the one pure decision function.

export * from './types.js';
export {
  PROFILES,
  DEFAULT_THRESHOLDS,
  DEFAULT_MIRROR_MIN,
  DEFAULT_AUDIENCE,
  DEFAULT_ON_ERROR,
  DEFAULT_ON_KNOWN_MATCH,
  classifierRuns,
} from './profiles.js';
export type { CategoryActions, Profile } from './profiles.js';
export { decide, resolvePolicy, promptKind, type DecisionInput, type ResolvedPolicy } from './decide.js';
