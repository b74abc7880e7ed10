// The engine's known-answer self-test, run at start-up: a scanner whose PDQ or SHA-256 does not
// give the known answers must not scan anything (it fails closed with SELF_TEST).

import { sha256Hex } from '../crypto/digest.js';
import { SafesealError } from '../errors.js';
import { hashToHex, pdqHash } from '../pdq/index.js';
import {
  KNOWN_ANSWER_DIHEDRAL,
  KNOWN_ANSWER_HEIGHT,
  KNOWN_ANSWER_QUALITY,
  KNOWN_ANSWER_RGB_BASE64,
  KNOWN_ANSWER_WIDTH,
} from '../pdq/known-answer.js';

const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'; // FIPS 180-2

/** An image with its known PDQ answer: RGB pixels (base64), quality and the 8 dihedral hashes. */
export interface KnownAnswer {
  readonly width: number;
  readonly height: number;
  readonly rgbBase64: string;
  readonly quality: number;
  readonly dihedral: readonly string[];
}

/** The reference's own decoded pixels of ThreatExchange's wee.jpg, and its reference hashes. */
export const WEE_KNOWN_ANSWER: KnownAnswer = {
  width: KNOWN_ANSWER_WIDTH,
  height: KNOWN_ANSWER_HEIGHT,
  rgbBase64: KNOWN_ANSWER_RGB_BASE64,
  quality: KNOWN_ANSWER_QUALITY,
  dihedral: KNOWN_ANSWER_DIHEDRAL,
};

/**
 * Known-answer tests run at start-up: PDQ of a known image (hash, quality and all 8 dihedral
 * hashes) and SHA-256("abc").
 * @throws SafesealError SELF_TEST
 */
export async function selfTest(known: KnownAnswer = WEE_KNOWN_ANSWER): Promise<void> {
  const bin = atob(known.rgbBase64);
  const data = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
  const { quality, dihedral } = pdqHash({ width: known.width, height: known.height, channels: 3, data });
  const got = dihedral.map(hashToHex);
  if (quality !== known.quality || got.length !== known.dihedral.length || got.some((h, i) => h !== known.dihedral[i])) {
    throw new SafesealError('SELF_TEST', 'PDQ self-test failed: the known image did not give its known hash');
  }
  if ((await sha256Hex(new TextEncoder().encode('abc'))) !== SHA256_ABC) {
    throw new SafesealError('SELF_TEST', 'SHA-256 self-test failed');
  }
}
