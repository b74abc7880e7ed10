// The files of the fresh projects the pack-and-install test writes: a Node ESM script, a Vite page,
// and the type-test scripts and tsconfigs. Kept as text here (not as .ts files in test/) so the
// repository's own `tsc -p .` never tries to resolve 'safeseal' against a build that may not exist.

/** Hashes and classifies the image named on the command line with zero asset configuration. */
export const NODE_SCRIPT = `import { readFileSync } from 'node:fs';
import { createScanner } from 'safeseal';
const scanner = await createScanner({ model: true, exposeDetails: true });
const bytes = readFileSync(process.argv[2]);
const hash = await scanner.hashImage(bytes);
const classified = await scanner.classifyImage(bytes);
console.log(JSON.stringify({ classifier: scanner.classifier, hash, classified }));
await scanner.dispose();
`;

export const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>safeseal in a fresh Vite app</title></head>
<body><script type="module" src="./main.js"></script></body></html>
`;

/** The page's script: window.result resolves to what the Node script prints, or to the error. */
export const PAGE_SCRIPT = `import { createScanner } from 'safeseal';
window.result = (async () => {
  const scanner = await createScanner({ model: true, exposeDetails: true });
  const blob = await (await fetch('/test.jpg')).blob();
  const hash = await scanner.hashImage(blob);
  const classified = await scanner.classifyImage(blob);
  const out = { classifier: scanner.classifier, hash, classified };
  await scanner.dispose();
  return out;
})().catch((e) => ({ error: { code: e.code, message: e.message } }));
`;

/** Vite 7's dev server needs this one line (the fix the SDK's error message names). */
export const VITE7_CONFIG = `export default { optimizeDeps: { exclude: ['safeseal'] } };\n`;

const TYPE_HELPERS = `type IsAny<T> = 0 extends 1 & T ? true : false;
export const imageInputIsNotAny: IsAny<ImageInput> = false;
`;

/** A Node script: no DOM lib. ImageInput must not collapse to any, and a string is refused. */
export const TYPED_NODE_SCRIPT = `import { readFile } from 'node:fs/promises';
import { createScanner, isSafesealError, type HashResult, type ImageInput } from 'safeseal';
${TYPE_HELPERS}
export async function main(path: string): Promise<HashResult[]> {
  const scanner = await createScanner({ model: true, timeoutMs: 10_000, exposeDetails: true });
  const bytes = await readFile(path);
  const results = [
    await scanner.hashImage(bytes),
    await scanner.hashImage(bytes.buffer as ArrayBuffer, { transfer: false, signal: AbortSignal.timeout(5000) }),
    await scanner.hashImage(new Blob([bytes])),
    await scanner.hashImage({ width: 1, height: 1, data: new Uint8Array(4) }),
  ];
  const scores: number = (await scanner.classifyImage(bytes)).sexual;
  // @ts-expect-error a path is not an image: pass the bytes
  await scanner.hashImage(path);
  try {
    await scanner.dispose();
  } catch (e) {
    if (isSafesealError(e)) console.log(e.code, scores);
  }
  return results;
}
`;

/** A browser script: DOM inputs nsfwjs users pass are accepted, a string is refused. */
export const TYPED_BROWSER_SCRIPT = `import { createScanner, type HashResult, type ImageInput, type PromptDescriptor, type Verdict } from 'safeseal';
import 'safeseal/prompt';
${TYPE_HELPERS}
export async function main(img: HTMLImageElement, canvas: HTMLCanvasElement, off: OffscreenCanvas, frame: VideoFrame, blob: Blob, data: ImageData, bitmap: ImageBitmap): Promise<HashResult[]> {
  const scanner = await createScanner({ model: true, onProgress: (p) => console.log(p.stage, p.stage === 'download' ? p.loadedBytes : '') });
  const results: HashResult[] = [];
  for (const input of [img, canvas, off, frame, blob, data, bitmap]) results.push(await scanner.hashImage(input));
  const sha: string | null = results[0].sha256;
  console.log(sha, (await scanner.classifyImage(canvas)).scores.neutral);
  // @ts-expect-error a URL string is not an image: scan the decrypted Blob
  await scanner.hashImage('https://example.com/photo.jpg');
  await scanner.dispose();
  return results;
}
// The verdict's types and the prompt element, as an app names them.
export function show(v: Verdict, where: HTMLElement): PromptDescriptor | undefined {
  const action: 'allow' | 'blur' | 'warn' | 'block' = v.action;
  if (action === 'allow' || v.prompt === undefined) return undefined;
  const el = document.createElement('safeseal-prompt');
  el.descriptor = v.prompt;
  el.addEventListener('safeseal-choice', (e) => console.log(e.detail.option, e.detail.kind));
  where.append(el);
  return v.prompt;
}
`;

/** A tsconfig for one type test: `resolution` is 'bundler' or 'node16'; Node gets @types/node and no DOM. */
export function typeTestConfig(resolution: 'bundler' | 'node16', env: 'node' | 'browser', file: string, typeRoots: string): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: resolution === 'bundler' ? 'ESNext' : 'Node16',
        moduleResolution: resolution === 'bundler' ? 'Bundler' : 'Node16',
        lib: env === 'node' ? ['ES2022'] : ['ES2022', 'DOM', 'DOM.Iterable'],
        types: env === 'node' ? ['node'] : [],
        typeRoots: [typeRoots],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: [file],
    },
    null,
    2,
  );
}
