// safeseal's fixed taxonomy: the only category labels a verdict, a list or a report may carry.
// Lists and models cannot add categories at run time — a guard against repurposing the scanner.

/** Every category safeseal knows. `sexual` = porn + hentai, `suggestive` = sexy (the classifier). */
export const CATEGORIES = ['sexual', 'suggestive', 'known-abuse', 'test'] as const;

export type Category = (typeof CATEGORIES)[number];

/** The categories a hash list entry may carry: a subset of CATEGORIES. */
export const LIST_CATEGORIES = ['known-abuse', 'test'] as const satisfies readonly Category[];

export type ListCategory = (typeof LIST_CATEGORIES)[number];

/** The categories the classifier reports. */
export const CLASSIFIER_CATEGORIES = ['sexual', 'suggestive'] as const satisfies readonly Category[];

/** Why a verdict acted: the classifier, a known-list match, or an image that could not be checked. */
export const REASONS = ['classifier', 'known-match', 'error'] as const;

export type Reason = (typeof REASONS)[number];

/** True for a category name lists may use. */
export function isListCategory(v: unknown): v is ListCategory {
  return typeof v === 'string' && (LIST_CATEGORIES as readonly string[]).includes(v);
}
