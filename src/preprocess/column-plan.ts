/**
 * What the preprocessor learned about each input column from the training rows. Plans are plain
 * JSON so they are saved with the model as they are.
 */

/** A numeric column that is kept: x -> log? -> clip [clipLow, clipHigh] -> (x - mean) / scale. */
export interface NumericPlan {
  name: string;
  kind: 'numeric';
  keep: true;
  log: boolean;
  clipLow: number;
  clipHigh: number;
  mean: number;
  /** The training std after log and clip; 1 when that std is 0 (constant column kept). */
  scale: number;
}

/** A numeric column dropped because it was constant on the training rows. */
export interface DroppedPlan {
  name: string;
  kind: 'numeric';
  keep: false;
  reason: 'constant';
  value: number;
}

/** A categorical column: one 0/1 output per category, in this order, then one '<other>' output. */
export interface CategoricalPlan {
  name: string;
  kind: 'categorical';
  categories: string[];
}

export type ColumnPlan = NumericPlan | DroppedPlan | CategoricalPlan;

/** Output column name of the bucket for categories never seen (or too rare) in training. */
export const OTHER_CATEGORY = '<other>';

export function outputColumnsOf(plans: readonly ColumnPlan[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    if (p.kind === 'categorical') {
      for (const c of p.categories) out.push(`${p.name}=${c}`);
      out.push(`${p.name}=${OTHER_CATEGORY}`);
    } else if (p.keep) {
      out.push(p.name);
    }
  }
  return out;
}
