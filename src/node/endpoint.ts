// A comlink Endpoint over a worker_threads MessagePort / Worker (which speak EventEmitter, not
// EventTarget). Listener wrappers are remembered so they can be removed again.

import type { Endpoint } from 'comlink';
import type { MessagePort, Worker } from 'node:worker_threads';

export function nodeEndpoint(port: MessagePort | Worker): Endpoint {
  const wrapped = new WeakMap<object, (data: unknown) => void>();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer as never),
    addEventListener(_type: string, listener: EventListenerOrEventListenerObject) {
      const l = (data: unknown): void => {
        const event = { data } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      wrapped.set(listener, l);
      port.on('message', l);
    },
    removeEventListener(_type: string, listener: EventListenerOrEventListenerObject) {
      const l = wrapped.get(listener);
      if (l) port.off('message', l);
      wrapped.delete(listener);
    },
  };
}
