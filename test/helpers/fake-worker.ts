// An in-process fake of the scanner worker over a real MessageChannel, so that each lifecycle
// failure (crash, stall, slow start) can be staged: the Scanner under test talks comlink to it
// exactly as to the real worker. Records what each spawned worker received and how it was treated.

import { expose } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { installErrorTransfer, SafesealError } from '../../src/errors.js';
import { nodeEndpoint } from '../../src/node/endpoint.js';
import {
  PROGRESS_MESSAGE,
  type ClassifierConfig,
  type ClassifierStatus,
  type EngineConfig,
  type HashResult,
  type WorkerApi,
  type WorkerImage,
  type WorkerStage,
} from '../../src/protocol.js';
import type { WorkerHandle } from '../../src/scanner/scanner.js';

export const FAKE_HASH: HashResult = { pdq: '0'.repeat(64), quality: 100, dihedral: [], sha256: null, width: 1, height: 1, shown: [] };

export interface FakeBehaviour {
  /** `stage` posts a load stage, as the real worker does while init loads a classifier. */
  init?: (config: EngineConfig, stage: (s: WorkerStage) => void) => Promise<void>;
  hash: (image: WorkerImage) => Promise<HashResult>;
  /** Default: posts the three stages, then `ready`. */
  enableClassifier?: (config: ClassifierConfig, stage: (s: WorkerStage) => void) => Promise<ClassifierStatus>;
}

export interface FakeWorker {
  crash(): void;
  terminated: boolean;
  received: WorkerImage[];
  inits: EngineConfig[];
  /** Every keepAlive(busy) call, in order. */
  keepAlive: boolean[];
}

export const READY: ClassifierStatus = { state: 'ready', model: 'f'.repeat(64), threads: 1, runtime: 'onnxruntime-web' };

const unused = async (): Promise<never> => {
  throw new SafesealError('INTERNAL', 'not used by these tests');
};

/** A factory of fake workers; `spawned[i].crash()` kills worker i as a real crash would. */
export function fakeWorkers(behaviour: FakeBehaviour) {
  installErrorTransfer();
  const spawned: FakeWorker[] = [];
  const factory = (): WorkerHandle => {
    const { port1, port2 } = new MessageChannel();
    const record: FakeWorker = { crash: () => undefined, terminated: false, received: [], inits: [], keepAlive: [] };
    let onExit: (reason: string) => void = () => undefined;
    const post = (port: MessagePort) => (stage: WorkerStage) => port.postMessage({ type: PROGRESS_MESSAGE, stage });
    const api: WorkerApi = {
      init: async (config) => {
        record.inits.push(config);
        await behaviour.init?.(config, post(port2));
        return { classifier: config.classifier ? READY : { state: 'off' } };
      },
      hashImage: async (image) => {
        record.received.push(image);
        return behaviour.hash(image);
      },
      classifyImage: async () => ({
        scores: { drawing: 0, hentai: 0, neutral: 1, porn: 0, sexy: 0 },
        sexual: 0,
        suggestive: 0,
        model: READY.state === 'ready' ? READY.model : '',
      }),
      loadList: () => unused(),
      matchImage: async (image) => {
        record.received.push(image);
        await behaviour.hash(image);
        return { matches: [], quality: 100, pdqUsed: true };
      },
      status: () => unused(),
      scanImage: () => unused(),
      blurredPreview: () => unused(),
      markNotSensitive: () => unused(),
      reportNotice: () => unused(),
      createReport: () => unused(),
      enableClassifier: async (config) => {
        const stage = post(port2);
        if (behaviour.enableClassifier) return behaviour.enableClassifier(config, stage);
        for (const s of ['model', 'compile', 'warmup'] as const) stage(s);
        return READY;
      },
    };
    expose(api, nodeEndpoint(port2));
    record.crash = () => {
      port2.close();
      onExit('simulated crash');
    };
    spawned.push(record);
    return {
      endpoint: nodeEndpoint(port1),
      watch: (cb) => (onExit = cb),
      terminate: () => {
        record.terminated = true;
        port1.close();
        port2.close();
      },
      keepAlive: (busy) => record.keepAlive.push(busy),
    };
  };
  return { factory, spawned };
}
