/**
 * Named trainable tensors of a hand-built tfjs model. Models here are written as plain tf ops
 * over these variables (not tf.layers), so the forward pass is explicit, weights export by name,
 * and the same names are used in the artefact and the ONNX serving graph.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Tf } from './backend.js';

export interface ParamInit {
  name: string;
  shape: number[];
  values: Float32Array;
}

export class ParamSet {
  readonly vars = new Map<string, TfModule.Variable>();

  constructor(
    private readonly tf: Tf,
    inits: ParamInit[],
  ) {
    for (const p of inits) {
      const initial = tf.tensor(p.values, p.shape, 'float32');
      this.vars.set(p.name, tf.variable(initial, true, p.name + '_' + uniq()));
      initial.dispose(); // the variable holds its own reference to the data
    }
  }

  get(name: string): TfModule.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter '${name}'`);
    return v;
  }

  list(): TfModule.Variable[] {
    return [...this.vars.values()];
  }

  /** Current values, copied out of tfjs. */
  snapshot(): Map<string, { shape: number[]; values: Float32Array }> {
    const out = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const [name, v] of this.vars)
      out.set(name, { shape: [...v.shape], values: Float32Array.from(v.dataSync() as Float32Array) });
    return out;
  }

  restore(snap: Map<string, { shape: number[]; values: Float32Array }>): void {
    for (const [name, s] of snap) {
      const t = this.tf.tensor(s.values, s.shape, 'float32');
      this.get(name).assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

// tfjs variable names are global; two models in one process must not collide.
let counter = 0;
function uniq(): number {
  return ++counter;
}
