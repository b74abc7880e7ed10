// An Engine with the Node decoder, built in-process (no worker) for tests of the pipeline itself.

import { Engine } from '../../src/engine/engine.js';
import { DEFAULT_MAX_PIXELS } from '../../src/image/sniff.js';
import { nodeDecoder } from '../../src/node/decode.js';

export function nodeEngine(maxPixels = DEFAULT_MAX_PIXELS): Promise<Engine> {
  return Engine.create({ maxPixels }, nodeDecoder);
}

/** The bytes as an ArrayBuffer of their own, as the worker receives them. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
