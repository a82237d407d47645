import { detectorConformance } from '../detector.case.js';

detectorConformance(() => import('./index.js').then((m) => m.factory), {
  config: { voters: 4, maxLeaves: 16 },
});
