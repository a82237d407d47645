/**
 * Ten voters built in sequence, each BOTH bagged and boosted: voter k is trained on a bootstrap
 * resample of the training rows drawn from a mixture of the uniform distribution (bagging) and the
 * current AdaBoost row weights (boosting, which move toward the rows earlier voters got wrong).
 *
 * Why a mixture rather than AdaBoost's weights alone (boosting by resampling): NSL-KDD's training
 * rows are nearly separable, so after one strong voter the AdaBoost weights put half the mass on the
 * few dozen rows it missed, many of them label noise, and a voter trained only on those is useless.
 * With `boostMix` = 0.5 each resample is half an ordinary bag (variance reduction, diversity from
 * resampling) and half drawn toward the mistakes (bias reduction); 0 gives pure bagging, 1 pure
 * boosting by resampling.
 *
 * Vote weights are learned on the validation split: voter k gets (1/2) ln((1 - e_k) / e_k), AdaBoost's
 * formula applied to its validation error e_k (Laplace-smoothed, floored at 0 for worse than chance),
 * not to its training error, so a voter that overfits its resample earns little say.
 * Score = vote-weighted average of the voters' attack probabilities.
 */
import type { Rng } from '../../util/random.js';
import { weightedBootstrapCounts } from '../trees/bagging.js';
import type { BinnedMatrix } from '../trees/binned-matrix.js';
import type { GbdtValidation } from '../trees/gbdt.js';
import { memberProbabilities, trainMember, type Member, type MemberParams } from './members.js';

export interface EnsembleParams extends MemberParams {
  voters: number;
  /** Share of each resample drawn from the boosting weights (the rest uniform). */
  boostMix: number;
}

export interface VoterReport {
  voter: number;
  /** Error of the voter on all training rows, weighted by the boosting weights it was built under. */
  weightedTrainError: number;
  /** Plain error rate on the validation split at probability 0.5. */
  validationError: number;
  voteWeight: number;
}

export interface TrainedEnsemble {
  members: Member[];
  voteWeights: Float64Array;
  reports: VoterReport[];
}

export function trainBoostedBagging(
  m: BinnedMatrix,
  trainX: Float32Array,
  labels: Uint8Array,
  val: GbdtValidation,
  p: EnsembleParams,
  rng: Rng,
  onVoter?: (r: VoterReport) => void,
): TrainedEnsemble {
  const n = m.rows;
  const boost = new Float64Array(n).fill(1 / n);
  const sampling = new Float64Array(n);
  const members: Member[] = [];
  const reports: VoterReport[] = [];
  const voteWeights = new Float64Array(p.voters);
  for (let k = 0; k < p.voters; k++) {
    for (let i = 0; i < n; i++) sampling[i] = (1 - p.boostMix) / n + p.boostMix * boost[i]!;
    const counts = Float64Array.from(weightedBootstrapCounts(sampling, n, rng));
    const member = trainMember(m, labels, counts, val, p, rng);
    members.push(member);

    const trainProb = memberProbabilities(member, trainX, n, m.width);
    let eps = 0;
    for (let i = 0; i < n; i++) if ((trainProb[i]! >= 0.5 ? 1 : 0) !== labels[i]) eps += boost[i]!;
    reweight(boost, trainProb, labels, eps);

    const valError = validationError(member, val, m.width);
    voteWeights[k] = Math.max(0, 0.5 * Math.log((1 - valError) / valError));
    const report = {
      voter: k + 1,
      weightedTrainError: eps,
      validationError: valError,
      voteWeight: voteWeights[k]!,
    };
    reports.push(report);
    onVoter?.(report);
  }
  return { members, voteWeights, reports };
}

/** AdaBoost.M1 update; a voter no better than chance resets the weights to uniform. */
function reweight(boost: Float64Array, prob: Float64Array, labels: Uint8Array, eps: number): void {
  const n = boost.length;
  if (eps >= 0.5 || eps <= 0) {
    // eps 0: nothing to move toward; eps >= 0.5: AdaBoost.M1 restarts from uniform.
    if (eps >= 0.5) boost.fill(1 / n);
    return;
  }
  const alpha = 0.5 * Math.log((1 - eps) / eps);
  const up = Math.exp(alpha);
  const down = Math.exp(-alpha);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wrong = (prob[i]! >= 0.5 ? 1 : 0) !== labels[i];
    boost[i] = boost[i]! * (wrong ? up : down);
    total += boost[i]!;
  }
  for (let i = 0; i < n; i++) boost[i] = boost[i]! / total;
}

function validationError(member: Member, val: GbdtValidation, width: number): number {
  if (val.rows === 0) return 0.25; // no validation rows: every voter gets the same say
  const prob = memberProbabilities(member, val.x, val.rows, width);
  let wrong = 0;
  for (let i = 0; i < val.rows; i++) wrong += (prob[i]! >= 0.5 ? 1 : 0) !== val.labels[i] ? 1 : 0;
  return (wrong + 1) / (val.rows + 2);
}

/** Vote-weighted average probability; equal votes when every learned weight is 0. */
export function ensembleScores(
  e: Pick<TrainedEnsemble, 'members' | 'voteWeights'>,
  x: Float32Array,
  rows: number,
  width: number,
): Float32Array {
  let total = 0;
  for (const w of e.voteWeights) total += w;
  const equal = total <= 0;
  const acc = new Float64Array(rows);
  e.members.forEach((member, k) => {
    const w = equal ? 1 / e.members.length : e.voteWeights[k]! / total;
    const prob = memberProbabilities(member, x, rows, width);
    for (let i = 0; i < rows; i++) acc[i] = acc[i]! + w * prob[i]!;
  });
  return Float32Array.from(acc);
}
