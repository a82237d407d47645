import { detectorConformance } from '../detector.case.js';

detectorConformance(() => import('./index.js').then((m) => m.factory), {
  config: { rounds: 30, oblivious: false },
});
