/** One line of text per progress event, for the CLI's stderr. Pure. */
import type { EvalProgress } from './run.js';

function fmt(x: number | undefined): string | undefined {
  if (x === undefined || !Number.isFinite(x)) return undefined;
  return Math.abs(x) >= 1000 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toFixed(4);
}

export function progressLine(e: EvalProgress): string {
  switch (e.kind) {
    case 'stage':
      return e.message;
    case 'detector-done': {
      const r = e.result;
      if (r.error) return `${r.detector}: FAILED: ${r.error}`;
      const first = r.results[0];
      const acc = first ? ` ${first.testSet} accuracy ${(100 * first.metrics.accuracy).toFixed(1)}%` : '';
      return `${r.detector}: trained in ${r.trainSeconds.toFixed(1)}s;${acc}`;
    }
    case 'train': {
      const p = e.progress;
      const parts = [`  [${p.detector}] ${p.stage}`];
      if (p.step !== undefined) parts.push(p.steps !== undefined ? `${p.step}/${p.steps}` : String(p.step));
      const loss = fmt(p.loss);
      const val = fmt(p.valLoss);
      if (loss) parts.push(`loss ${loss}`);
      if (val) parts.push(`val ${val}`);
      if (p.note) parts.push(p.note);
      return parts.join(' ');
    }
  }
}
