import { detectorConformance } from '../detector.case.js';

detectorConformance(() => import('./index.js').then((m) => m.factory), {
  config: { voters: 3, member: 'gbdt', rounds: 5, maxLeaves: 8 },
});
