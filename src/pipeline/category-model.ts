/**
 * Which kind of attack a flagged flow looks like. The binary detectors only say "attack"; the
 * decision profiles need a category (flood -> rate-limit or block, scan -> notify, ...). A nearest
 * centroid over the preprocessed features, fitted on the training attack rows of each category, is
 * enough for the lab's few well-separated kinds and costs one pass per flow.
 */
import type { FeatureBatch } from '../records/index.js';

export interface CategoryModel {
  categories: string[];
  /** One centroid per category, each `width` long. */
  centroids: Float64Array[];
  width: number;
}

export function fitCategoryModel(batch: FeatureBatch, labels: Uint8Array, categories: readonly string[]): CategoryModel {
  const width = batch.schema.columns.length;
  const sums = new Map<string, { sum: Float64Array; n: number }>();
  for (let r = 0; r < batch.rows; r++) {
    if (labels[r] !== 1) continue;
    const cat = categories[r]!;
    let s = sums.get(cat);
    if (s === undefined) sums.set(cat, (s = { sum: new Float64Array(width), n: 0 }));
    for (let c = 0; c < width; c++) s.sum[c]! += batch.data[r * width + c]!;
    s.n++;
  }
  const names = [...sums.keys()].sort();
  return {
    categories: names,
    centroids: names.map((k) => {
      const s = sums.get(k)!;
      return s.sum.map((v) => v / s.n);
    }),
    width,
  };
}

export function categoryOf(model: CategoryModel, batch: FeatureBatch, row: number): string {
  let best = 'anomaly';
  let bestDistance = Infinity;
  const o = row * model.width;
  model.centroids.forEach((centroid, k) => {
    let d = 0;
    for (let c = 0; c < model.width; c++) {
      const x = batch.data[o + c]! - centroid[c]!;
      d += x * x;
    }
    if (d < bestDistance) {
      bestDistance = d;
      best = model.categories[k]!;
    }
  });
  return best;
}
