// Exposes the engine through comlink as a frozen, methods-only object behind a message guard:
// only calls of the named methods reach it, so the page can neither read nor write worker state
// nor walk from a method to Function and construct code inside the worker.

import { expose, transferHandlers, type Endpoint } from 'comlink';
import { Engine, type StageListener } from '../engine/engine.js';
import { installErrorTransfer, SafesealError } from '../errors.js';
import type { Decoder } from '../image/decoder.js';
import { PROGRESS_MESSAGE, WORKER_METHODS, type ProgressMessage, type WorkerApi } from '../protocol.js';
import { lockEgress } from './egress.js';

/**
 * Builds the methods-only API object. Exported for tests; workers call `exposeWorkerApi`.
 * `onStage` hears the classifier's load stages (the worker posts them to the page).
 */
export function createWorkerApi(decoder: Decoder, afterInit: () => void = () => lockEgress(), onStage: StageListener = () => undefined): WorkerApi {
  let engine: Promise<Engine> | null = null;
  const ready = (): Promise<Engine> => {
    if (!engine) throw new SafesealError('NOT_READY', 'the worker has not been initialised');
    return engine;
  };
  const api: WorkerApi = {
    async init(config) {
      if (engine) throw new SafesealError('INVALID_ARGUMENT', 'the worker is already initialised');
      engine = Engine.create(config, decoder, onStage);
      const built = await engine;
      afterInit();
      return { classifier: built.classifierStatus };
    },
    async hashImage(image) {
      return (await ready()).hashImage(image);
    },
    async classifyImage(image) {
      return (await ready()).classifyImage(image);
    },
    async loadList(bytes, options) {
      return (await ready()).loadList(bytes, options);
    },
    async matchImage(image, options) {
      return (await ready()).matchImage(image, options);
    },
    async status() {
      return (await ready()).status();
    },
    async enableClassifier(config) {
      return (await ready()).enableClassifier(config, onStage);
    },
  };
  return Object.freeze(Object.assign(Object.create(null) as object, api)) as WorkerApi;
}

interface ComlinkMessage {
  id?: unknown;
  type?: unknown;
  path?: unknown;
}

function isAllowed(msg: ComlinkMessage, methods: ReadonlySet<string>): boolean {
  if (msg.type === 'RELEASE') return true;
  return (
    msg.type === 'APPLY' && Array.isArray(msg.path) && msg.path.length === 1 && typeof msg.path[0] === 'string' && methods.has(msg.path[0])
  );
}

/** Wraps an endpoint so that anything but a call of an allowed method is answered with an error. */
export function guardEndpoint(ep: Endpoint, methods: readonly string[]): Endpoint {
  const allowed = new Set(methods);
  const listeners = new WeakMap<object, EventListener>();
  const refuse = (id: unknown): void => {
    if (typeof id !== 'string') return; // not a comlink request: drop it
    const err = new SafesealError('INVALID_ARGUMENT', `the worker answers only calls of: ${methods.join(', ')}`);
    const [value] = transferHandlers.get('throw')!.serialize({ value: err });
    ep.postMessage({ id, type: 'HANDLER', name: 'throw', value });
  };
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => ep.postMessage(message, transfer),
    addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      const wrapped: EventListener = (ev) => {
        const data = (ev as MessageEvent).data as ComlinkMessage | null;
        if (!data || typeof data !== 'object' || !isAllowed(data, allowed)) return refuse(data?.id);
        if (typeof listener === 'function') listener(ev);
        else listener.handleEvent(ev);
      };
      listeners.set(listener, wrapped);
      ep.addEventListener(type, wrapped);
    },
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      const wrapped = listeners.get(listener);
      if (wrapped) ep.removeEventListener(type, wrapped);
    },
    ...(ep.start ? { start: () => ep.start!() } : {}),
  };
}

/** Worker entry point: installs the error transfer handler and exposes the guarded API. */
export function exposeWorkerApi(endpoint: Endpoint, decoder: Decoder): void {
  installErrorTransfer();
  // Progress carries the stage name only: nothing about any image, score or list.
  const onStage: StageListener = (stage) => endpoint.postMessage({ type: PROGRESS_MESSAGE, stage } satisfies ProgressMessage);
  expose(createWorkerApi(decoder, () => lockEgress(), onStage), guardEndpoint(endpoint, WORKER_METHODS));
}
