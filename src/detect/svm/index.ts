import type { DetectorFactory } from '../detector.js';
import { SvmDetector } from './svm-detector.js';

export { SvmDetector, SVM_DEFAULTS } from './svm-detector.js';

/** 'svm-linear': hinge-loss linear SVM (averaged SGD, L2, balanced class weights). */
export const factory: DetectorFactory = {
  kind: 'svm-linear',
  description: 'linear SVM (hinge loss, L2, averaged SGD, balanced class weights)',
  create: (config) => new SvmDetector('svm-linear', config),
  fromArtifact: async (artifact) => SvmDetector.fromArtifact(artifact, 'svm-linear'),
};

/** 'svm-rbf': the same solver on seeded random Fourier features approximating an RBF kernel. */
export const rbfFactory: DetectorFactory = {
  kind: 'svm-rbf',
  description: 'RBF-kernel SVM approximated by seeded random Fourier features and a linear hinge-loss solver',
  create: (config) => new SvmDetector('svm-rbf', config),
  fromArtifact: async (artifact) => SvmDetector.fromArtifact(artifact, 'svm-rbf'),
};
