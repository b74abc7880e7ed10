// PDQ's fixed numbers, named once: the CLI, lists and the engine use these, never literals.

/** Bits in a PDQ hash. */
export const PDQ_BITS = 256;
/** Bytes in a PDQ hash. */
export const PDQ_BYTES = PDQ_BITS / 8;
/** Hex digits in a PDQ hash. */
export const PDQ_HEX_LENGTH = PDQ_BITS / 4;
/** The reference's confident-match distance: at most this many differing bits is a match. */
export const PDQ_MATCH_THRESHOLD = 31;
/** Largest match threshold the SDK accepts (half the bits: beyond that, every hash is "near"). */
export const PDQ_MAX_THRESHOLD = PDQ_BITS / 2;
/** Hashes of quality below this are too featureless to match on (the reference's floor). */
export const PDQ_MIN_QUALITY = 50;
/** Quality is reported as an integer 0..PDQ_MAX_QUALITY. */
export const PDQ_MAX_QUALITY = 100;
/** Number of dihedral hashes: the original and its 3 rotations and 4 flips. */
export const PDQ_DIHEDRAL_COUNT = 8;
