// Exposes the engine through comlink as a frozen, methods-only object behind a message guard:
// only calls of the named methods, with arguments of the right number and types, reach it, so the
// page can neither read nor write worker state nor walk from a method to Function and construct
// code inside the worker, and a malformed message is answered with INVALID_ARGUMENT instead of
// throwing inside comlink's listener (which would kill the worker). The egress lock is not applied
// here: each worker entry imports ./lock.js first, before any dependency runs.

import { expose, transferHandlers, type Endpoint } from 'comlink';
import { checkBytes, checkObject, checkOneOf, checkString, describeValue } from '../check.js';
import { Engine, type StageListener } from '../engine/engine.js';
import { installErrorTransfer, SafesealError } from '../errors.js';
import type { NativeRuntimeLoader } from '../classify/runtime.js';
import type { Decoder } from '../image/decoder.js';
import { DETAIL_METHODS, PROGRESS_MESSAGE, WORKER_METHODS, type ProgressMessage, type WorkerApi } from '../protocol.js';

/**
 * Builds the methods-only API object. Exported for tests; workers call `exposeWorkerApi`.
 * `afterInit` runs once the engine is built (tests use it to observe start-up).
 * `nativeRuntime` loads a native onnxruntime (Node), asked only when a classifier is configured.
 * `onStage` hears the classifier's load stages (the worker posts them to the page).
 */
export function createWorkerApi(
  decoder: Decoder,
  afterInit: () => void = () => undefined,
  gate: DetailGate = { details: true },
  nativeRuntime?: NativeRuntimeLoader,
  onStage: StageListener = () => undefined,
): WorkerApi {
  let engine: Promise<Engine> | null = null;
  const ready = (): Promise<Engine> => {
    if (!engine) throw new SafesealError('NOT_READY', 'the worker has not been initialised');
    return engine;
  };
  const api: WorkerApi = {
    async init(config) {
      if (engine) throw new SafesealError('INVALID_ARGUMENT', 'the worker is already initialised');
      engine = Engine.create(config, decoder, onStage, nativeRuntime);
      const built = await engine;
      gate.details = built.exposesDetails;
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
    async scanImage(image, options) {
      return (await ready()).scanImage(image, options);
    },
    async blurredPreview(scanId) {
      return (await ready()).blurredPreview(scanId);
    },
    async markNotSensitive(scanId) {
      return (await ready()).markNotSensitive(scanId);
    },
    async reportNotice(scanId, options) {
      return (await ready()).reportNotice(scanId, options);
    },
    async createReport(scanId, options) {
      return (await ready()).createReport(scanId, options);
    },
    async enableClassifier(config) {
      return (await ready()).enableClassifier(config, onStage);
    },
  };
  return Object.freeze(Object.assign(Object.create(null) as object, api)) as WorkerApi;
}

/** Largest argument list any method takes: longer lists are refused before they are even read. */
const MAX_ARGS = 2;

/** The arguments one method takes: how many, and a check of their types (the engine checks the details). */
interface Shape {
  readonly min: number;
  readonly max: number;
  readonly check: (args: readonly unknown[]) => void;
}

function checkImageShape(value: unknown): void {
  checkOneOf(checkObject(value, 'image').kind, 'image.kind', ['encoded', 'pixels', 'bitmap']);
}

/** Argument shapes per WorkerApi method: the guard's first line, before comlink or the engine sees a value. */
const SHAPES: Readonly<Record<keyof WorkerApi, Shape>> = {
  init: { min: 1, max: 1, check: ([config]) => checkObject(config, 'config') },
  hashImage: { min: 1, max: 1, check: ([image]) => checkImageShape(image) },
  classifyImage: { min: 1, max: 1, check: ([image]) => checkImageShape(image) },
  loadList: {
    min: 2,
    max: 2,
    check: ([bytes, options]) => {
      checkBytes(bytes, 'bytes');
      checkObject(options, 'options');
    },
  },
  matchImage: {
    min: 1,
    max: 2,
    check: ([image, options]) => {
      checkImageShape(image);
      if (options !== undefined) checkObject(options, 'options');
    },
  },
  status: { min: 0, max: 0, check: () => undefined },
  scanImage: {
    min: 2,
    max: 2,
    check: ([image, options]) => {
      checkImageShape(image);
      checkObject(options, 'options');
    },
  },
  blurredPreview: { min: 1, max: 1, check: ([scanId]) => checkString(scanId, 'scanId', 1, 64) },
  markNotSensitive: { min: 1, max: 1, check: ([scanId]) => checkString(scanId, 'scanId', 1, 64) },
  reportNotice: {
    min: 2,
    max: 2,
    check: ([scanId, options]) => {
      checkString(scanId, 'scanId', 1, 64);
      checkObject(options, 'options');
    },
  },
  enableClassifier: { min: 1, max: 1, check: ([config]) => checkObject(config, 'config') },
  createReport: {
    min: 2,
    max: 2,
    check: ([scanId, options]) => {
      checkString(scanId, 'scanId', 1, 64);
      checkObject(options, 'options');
    },
  },
};

/** Whether this worker answers the detail calls: set once init has built an engine with exposeDetails. */
export interface DetailGate {
  details: boolean;
}

function invalid(message: string): SafesealError {
  return new SafesealError('INVALID_ARGUMENT', message);
}

/**
 * The plain values of a comlink argument list. Only RAW wire values are accepted: a HANDLER value
 * would make comlink run a transfer handler on page-chosen input (a "proxy" of an arbitrary port,
 * an unknown handler name: both throw inside comlink's listener and kill the worker).
 * @throws SafesealError INVALID_ARGUMENT
 */
function rawArguments(list: unknown): unknown[] {
  if (!Array.isArray(list)) throw invalid(`the argument list must be an array, got ${describeValue(list)}`);
  if (list.length > MAX_ARGS) throw invalid(`at most ${MAX_ARGS} arguments are accepted, got ${list.length}`);
  return list.map((wire: unknown, i) => {
    if (typeof wire !== 'object' || wire === null || (wire as { type?: unknown }).type !== 'RAW') {
      throw invalid(`argument ${i} must be a plain value (comlink RAW), got ${describeValue(wire)}`);
    }
    return (wire as { value?: unknown }).value;
  });
}

/**
 * Checks one incoming message: a RELEASE, or an APPLY of an allowed method whose arguments have
 * that method's shape.
 * @throws SafesealError INVALID_ARGUMENT naming what is wrong
 */
function checkMessage(data: Record<string, unknown>, allowed: ReadonlySet<string>, names: string, gate: DetailGate): void {
  const { type, path, argumentList } = data;
  if (type === 'RELEASE') {
    const empty = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.length === 0);
    if (!empty(path) || !empty(argumentList)) throw invalid('a RELEASE message takes no path and no arguments');
    return;
  }
  const method = Array.isArray(path) && path.length === 1 && typeof path[0] === 'string' ? path[0] : null;
  if (type !== 'APPLY' || method === null || !allowed.has(method) || !Object.hasOwn(SHAPES, method)) {
    throw invalid(`the worker answers only calls of: ${names}`);
  }
  const shape = SHAPES[method as keyof WorkerApi];
  const args = rawArguments(argumentList);
  if (args.length < shape.min || args.length > shape.max) {
    const want = shape.min === shape.max ? `${shape.min}` : `${shape.min} to ${shape.max}`;
    throw invalid(`${method} takes ${want} argument${shape.max === 1 ? '' : 's'}, got ${args.length}`);
  }
  shape.check(args);
  if ((DETAIL_METHODS as readonly string[]).includes(method) && !gate.details) {
    throw new SafesealError('DETAILS_DISABLED', `${method} is a detail call: this scanner was created without exposeDetails`);
  }
}

/**
 * Wraps an endpoint so that only well-formed calls of an allowed method reach comlink: anything
 * else is answered with an INVALID_ARGUMENT error (or dropped when it has no comlink id to answer).
 */
export function guardEndpoint(ep: Endpoint, methods: readonly (keyof WorkerApi)[], gate: DetailGate = { details: true }): Endpoint {
  const allowed = new Set<string>(methods);
  const names = methods.join(', ');
  const listeners = new WeakMap<object, EventListener>();
  const refuse = (id: string, err: SafesealError): void => {
    const [value] = transferHandlers.get('throw')!.serialize({ value: err });
    ep.postMessage({ id, type: 'HANDLER', name: 'throw', value });
  };
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => ep.postMessage(message, transfer),
    addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      const wrapped: EventListener = (ev) => {
        const data = (ev as MessageEvent).data as unknown;
        // comlink's ids are strings; without one there is nobody to answer: drop the message.
        if (typeof data !== 'object' || data === null || typeof (data as { id?: unknown }).id !== 'string') return;
        const message = data as Record<string, unknown>;
        try {
          checkMessage(message, allowed, names, gate);
        } catch (e) {
          return refuse(message.id as string, e instanceof SafesealError ? e : invalid('malformed message'));
        }
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
export function exposeWorkerApi(endpoint: Endpoint, decoder: Decoder, nativeRuntime?: NativeRuntimeLoader): void {
  installErrorTransfer();
  // The guard refuses detail calls unless the engine was built with exposeDetails: a second line
  // behind the engine's own check, against accidental leaks inside the app (not against the app).
  const gate: DetailGate = { details: false };
  // Progress carries the stage name only: nothing about any image, score or list.
  const onStage: StageListener = (stage) => endpoint.postMessage({ type: PROGRESS_MESSAGE, stage } satisfies ProgressMessage);
  expose(createWorkerApi(decoder, undefined, gate, nativeRuntime, onStage), guardEndpoint(endpoint, WORKER_METHODS, gate));
}
