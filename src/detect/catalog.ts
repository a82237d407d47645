/**
 * Detectors by config name. Entries load lazily so `vigil --help` does not pay for tfjs.
 * To add a detector: implement DetectorFactory in its own folder, add one line here, and run the
 * conformance suite (detector.case.ts) from its test file.
 */
import type { DetectorFactory } from './detector.js';
import { withOutOfFoldThreshold } from './out-of-fold-threshold.js';

// Order is the default order of `vigil eval`: baselines first, composites (fusion) last so they can
// borrow members already trained in the same run.
export const detectorCatalog: Record<string, () => Promise<DetectorFactory>> = {
  rules: () => import('./rules/index.js').then((m) => m.factory),
  'svm-linear': () => import('./svm/index.js').then((m) => m.factory),
  'svm-rbf': () => import('./svm/index.js').then((m) => m.rbfFactory),
  'mlp-attention': () => import('./mlp-attention/index.js').then((m) => m.factory),
  'random-forest': () => import('./trees/index.js').then((m) => m.forestFactory),
  gbdt: () => import('./trees/index.js').then((m) => m.factory),
  ensemble: () => import('./ensemble/index.js').then((m) => m.factory),
  autoencoder: () => import('./autoencoder/index.js').then((m) => m.factory),
  fusion: () => import('./fusion/index.js').then((m) => m.factory),
};

export class UnknownDetectorError extends Error {
  constructor(kind: string) {
    super(`unknown detector '${kind}'; known: ${Object.keys(detectorCatalog).join(', ') || '(none)'}`);
    this.name = 'UnknownDetectorError';
  }
}

export async function loadDetectorFactory(kind: string): Promise<DetectorFactory> {
  const load = detectorCatalog[kind];
  if (!load) throw new UnknownDetectorError(kind);
  // Opt-in `thresholdFolds` for every detector (the lab's configuration uses it); a config without
  // it reaches the detector's own factory unchanged.
  return withOutOfFoldThreshold(await load());
}
