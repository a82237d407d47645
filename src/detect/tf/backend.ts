/**
 * TensorFlow.js with the WebAssembly backend, initialised once per process. Every neural detector
 * gets tf through `loadTf()`, so the backend choice and its failure message live in one place.
 */
import type * as TfModule from '@tensorflow/tfjs';

export type Tf = typeof TfModule;

export class TfBackendError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TfBackendError';
  }
}

let ready: Promise<Tf> | undefined;

async function init(): Promise<Tf> {
  let tf: Tf;
  try {
    tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
  } catch (cause) {
    throw new TfBackendError('cannot load @tensorflow/tfjs or @tensorflow/tfjs-backend-wasm (run npm ci)', {
      cause,
    });
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
    await tf.ready();
  } catch (cause) {
    throw new TfBackendError('the tfjs WebAssembly backend failed to start', { cause });
  }
  if (!ok || tf.getBackend() !== 'wasm') {
    throw new TfBackendError(
      `the tfjs WebAssembly backend failed to start (active backend: ${tf.getBackend() ?? 'none'})`,
    );
  }
  return tf;
}

/** The tfjs module with the wasm backend active. Retries on a later call if the first attempt failed. */
export function loadTf(): Promise<Tf> {
  ready ??= init().catch((e: unknown) => {
    ready = undefined;
    throw e;
  });
  return ready;
}
