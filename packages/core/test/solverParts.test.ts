import { describe, expect, it, vi } from 'vitest';
import { expectClose } from '@lassokit/testing';
import { createRng, cscFromDense, GramProblem, ResidualProblem, toDenseMatrix, type CdProblem, type KernelProblem } from '../src/index.js';
import { denseRows, RowsProjection, sparseRows, type DesignRows } from '../src/solver/DesignRows.js';
import { Workspace } from '../src/internal.js';
import { choleskyInPlace, choleskySolve, choleskySolveFactored } from '../src/math/choleskySolve.js';
import { AndersonHistory } from '../src/solver/AndersonHistory.js';
import { andersonWeights } from '../src/solver/andersonWeights.js';
import { feasibleDualPoint, gapAt } from '../src/solver/dualPoints.js';
import { stepAlong } from '../src/solver/lineSearch.js';
import type { PenaltyState } from '../src/solver/penaltyState.js';
import { RidgeSystem } from '../src/solver/RidgeSystem.js';
import { WideRidgeSystem } from '../src/solver/WideRidgeSystem.js';
import { addKktViolators, chooseWorkingSet } from '../src/solver/screening.js';
import { dualityGap } from '../src/solver/dualityGap.js';
import { SupportFactor } from '../src/solver/SupportFactor.js';
import { resolveCommon } from '../src/prepare/checkOptions.js';
import { chooseMode, prepareProblem } from '../src/prepare/prepareProblem.js';
import { prepareSparse } from '../src/prepare/prepareSparse.js';
import { SparseResidualProblem } from '../src/solver/SparseResidualProblem.js';

/** A random kernel problem (plain arrays, TypeScript kernels). */
function kernel(seed: number, n: number, p: number, pf?: number[]): KernelProblem {
  const rand = createRng(seed);
  const X = Float64Array.from({ length: n * p }, () => rand() - 0.5);
  const y = Float64Array.from({ length: n }, () => rand() - 0.5);
  return { n, p, X, y, colSq: columnNorms(X, n, p), penaltyFactor: Float64Array.from(pf ?? Array(p).fill(1)), excluded: new Uint8Array(p), positive: false };
}

/** ‖x_j‖² of a column-major n×p X (a kernel's colSq, again after its columns were edited). */
function columnNorms(X: Float64Array, n: number, p: number): Float64Array {
  return Float64Array.from({ length: p }, (_, j) => X.subarray(j * n, (j + 1) * n).reduce((a, v) => a + v * v, 0));
}

/** A Lasso (λ1 = 0.01, λ2 = 0) on a random residual problem at β of alternating signs on its first m columns. */
function lassoOnSupport(seed: number, n: number, p: number, m: number) {
  const k = kernel(seed, n, p);
  const problem = new ResidualProblem(k);
  const beta = Float64Array.from({ length: p }, (_, j) => (j < m ? (j % 2 ? -1 : 1) * (0.1 + 0.01 * j) : 0));
  problem.reset(beta);
  const lambda1 = new Float64Array(p).fill(0.01);
  const state: PenaltyState = { beta, lambda1, lambda2: new Float64Array(p), positive: false, excluded: k.excluded };
  return { k, problem, beta, lambda1, state };
}

/** A column-major X's columns, as a dense residual problem gives them to the n×n form. */
function columnsOf(X: Float64Array, n: number) {
  return { n, column: (j: number) => X.subarray(j * n, (j + 1) * n) };
}

function randomBeta(seed: number, p: number): Float64Array {
  const rand = createRng(seed);
  return Float64Array.from({ length: p }, () => (rand() < 0.5 ? 0 : rand() - 0.5));
}

/** ½‖y − Xβ‖² + Σ λ1|β| + ½Σ λ2 β², directly. */
function kernelObjective(k: KernelProblem, s: PenaltyState): number {
  const r = Float64Array.from(k.y);
  for (let j = 0; j < k.p; j++) for (let i = 0; i < k.n; i++) r[i] -= k.X[j * k.n + i] * s.beta[j];
  let obj = 0.5 * r.reduce((a, v) => a + v * v, 0);
  for (let j = 0; j < k.p; j++) obj += s.lambda1[j] * Math.abs(s.beta[j]) + 0.5 * s.lambda2[j] * s.beta[j] ** 2;
  return obj;
}

describe('the two problem types answer every question alike', () => {
  it('residual and Gram problems agree on gradients, residual moments, direction products and Gram entries', () => {
    const k = kernel(1, 30, 8);
    const beta = randomBeta(2, 8);
    const residual = new ResidualProblem(k);
    const gram = GramProblem.fromKernel(k);
    residual.reset(beta);
    gram.reset(beta);
    expectClose(gram.gradient(), residual.gradient(), { atol: 1e-13 });
    for (let j = 0; j < 8; j++) expectClose(gram.coordinateGradient(j), residual.coordinateGradient(j), { atol: 1e-13 });
    const rm = residual.residualMoments();
    const gm = gram.residualMoments(beta);
    expectClose([gm.rss, gm.yTr], [rm.rss, rm.yTr], { atol: 1e-13 });
    const S = [1, 4, 6];
    const d = Float64Array.of(0.3, -0.2, 0.5);
    const a = residual.directionProducts(S, d);
    const b = gram.directionProducts(S, d);
    expectClose([b.rXd, b.xdSq], [a.rXd, a.xdSq], { atol: 1e-13 });
    expectClose(gram.cross(2, 5), residual.cross(2, 5), { atol: 1e-13 });
    const cr = new Float64Array(8);
    const cg = new Float64Array(8);
    residual.crossColumn(3, cr, 0);
    gram.crossColumn(3, cg, 0);
    expectClose(cg, cr, { atol: 1e-13 });
  });

  it('updates keep r (residual problem) and c (Gram problem) in step with β', () => {
    const k = kernel(3, 25, 6);
    const residual = new ResidualProblem(k);
    const gram = GramProblem.fromKernel(k);
    const beta = new Float64Array(6);
    for (const [j, delta] of [[0, 0.4], [3, -0.2], [0, 0.1], [5, 0.7]] as const) {
      beta[j] += delta;
      residual.update(j, delta);
      gram.update(j, delta);
      residual.moved();
    }
    const exact = new ResidualProblem(k);
    exact.reset(beta);
    expectClose(residual.gradient(), exact.gradient(), { atol: 1e-13 });
    expectClose(gram.gradient(), exact.gradient(), { atol: 1e-13 });
  });
});

describe('line search', () => {
  it('never raises the objective, and stops at the first zero crossing when that is best', () => {
    const k = kernel(4, 40, 5);
    for (let trial = 0; trial < 20; trial++) {
      const problem = trial % 2 === 0 ? new ResidualProblem(k) : GramProblem.fromKernel(k);
      const beta = randomBeta(10 + trial, 5);
      problem.reset(beta);
      const state = { beta, lambda1: new Float64Array(5).fill(0.05), lambda2: new Float64Array(5).fill(0.01), positive: false, excluded: k.excluded };
      const before = kernelObjective(k, state);
      const S = [0, 1, 2, 3, 4];
      const rand = createRng(100 + trial);
      const dir = Float64Array.from({ length: 5 }, () => rand() - 0.5);
      const t = stepAlong(problem, state, S, dir, 'try');
      const after = kernelObjective(k, state);
      expect(after).toBeLessThanOrEqual(before + 1e-14);
      if (t === 0) expect(after).toBe(before);
    }
  });

  it('an unpenalized coordinate crosses 0 without a kink (a Newton step through it is taken whole), unless `positive` bounds it there', () => {
    const k = kernel(5, 40, 3, [0, 1, 1]);
    // y = X·target with target_0 < 0: the step from β (β_0 > 0) to target crosses 0 in coordinate 0 only.
    const target = Float64Array.of(-0.4, 0.25, 0.35);
    for (let i = 0; i < k.n; i++) k.y[i] = k.X[i] * target[0] + k.X[k.n + i] * target[1] + k.X[2 * k.n + i] * target[2];
    for (const positive of [false, true]) {
      const problem = new ResidualProblem(k);
      const beta = Float64Array.of(0.1, 0.2, 0.3);
      problem.reset(beta);
      const state = { beta, lambda1: Float64Array.of(0, 0.01, 0.01), lambda2: new Float64Array(3), positive, excluded: k.excluded };
      const dir = Float64Array.from(target, (v, j) => v - beta[j]);
      const t = stepAlong(problem, state, [0, 1, 2], dir, 'stop');
      if (positive) {
        // Stopped where β_0 reaches its bound, 0.1 of the way along −0.5.
        expect(t).toBeCloseTo(0.2, 12);
        expect(state.beta[0]).toBe(0);
      } else {
        expect(t).toBe(1);
        expect(state.beta[0]).toBeCloseTo(-0.4, 14);
      }
    }
  });

  it('leaves the residual (or gradient) in step with β, also where a step stops at a kink or at 0 under positive', () => {
    const k = kernel(6, 40, 6);
    for (let trial = 0; trial < 24; trial++) {
      const problem = trial % 2 === 0 ? new ResidualProblem(k) : GramProblem.fromKernel(k);
      const beta = randomBeta(30 + trial, 6).map(Math.abs);
      problem.reset(beta);
      const positive = trial % 4 < 2;
      const state = { beta, lambda1: new Float64Array(6).fill(0.02), lambda2: new Float64Array(6).fill(0.01), positive, excluded: k.excluded };
      const rand = createRng(200 + trial);
      const S = [0, 1, 2, 3, 4, 5];
      const dir = Float64Array.from({ length: 6 }, () => 2 * (rand() - 0.5));
      stepAlong(problem, state, S, dir, trial % 3 === 0 ? 'stop' : 'try');
      // Each x_jᵀ(y − Xβ) from scratch against the problem's kept state.
      const r = Float64Array.from(k.y);
      for (let j = 0; j < 6; j++) for (let i = 0; i < k.n; i++) r[i] -= k.X[j * k.n + i] * state.beta[j];
      for (let j = 0; j < 6; j++) expect(problem.coordinateGradient(j)).toBeCloseTo(dotColumn(k, j, r), 12);
    }
  });

  it('a Gram problem whose Newton-like step recomputed c from β spares the next check that sweep, and only while β stays', () => {
    const k = kernel(8, 50, 20);
    const rand = createRng(9);
    const beta = Float64Array.from({ length: 20 }, (_, j) => (j % 3 === 0 ? 5 + rand() : 0));
    const S = [...beta.keys()].filter((j) => beta[j] !== 0);
    const m = S.length;
    const gram = GramProblem.fromKernel(k);
    gram.reset(beta);
    const state = { beta, lambda1: new Float64Array(20).fill(1e-3), lambda2: new Float64Array(20), positive: false, excluded: k.excluded };
    // The Newton direction on S: X_SᵀX_S·d = c_S − λ1·sign(β_S).
    const H = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) H[a * m + b] = dotColumns(k, S[a], S[b]);
    const b = Float64Array.from(S, (j) => gram.coordinateGradient(j) - 1e-3 * Math.sign(beta[j]));
    const dir = choleskySolve(H, b, m) as Float64Array;
    // ‖X_S·d‖² known, as the support factor gives it: the step's direction columns are not made.
    const xd = new Float64Array(k.n);
    S.forEach((j, a) => {
      for (let i = 0; i < k.n; i++) xd[i] += k.X[j * k.n + i] * dir[a];
    });
    const sweeps = vi.spyOn(Workspace.prototype, 'subtractRows');
    expect(stepAlong(gram, state, S, dir, 'stop', xd.reduce((a, v) => a + v * v, 0))).toBeGreaterThan(0);
    gram.beginCheck(beta);
    // One sweep of the support's columns (c from β), none more for the check.
    expect(sweeps).toHaveBeenCalledTimes(1);
    const fresh = GramProblem.fromKernel(k);
    fresh.reset(beta);
    expect(gram.gradient()).toEqual(fresh.gradient());
    // Once a coordinate moves, the check recomputes c again.
    for (const j of [S[0], 4]) {
      beta[j] += 0.3;
      gram.update(j, 0.3);
    }
    const swept = sweeps.mock.calls.length;
    gram.beginCheck(beta);
    expect(sweeps.mock.calls.length).toBe(swept + 1);
    fresh.reset(beta);
    expect(gram.gradient()).toEqual(fresh.gradient());
    sweeps.mockRestore();
  });
});

describe('Anderson history', () => {
  it('extrapolates an affine iteration on a fixed support to its fixed point', () => {
    // x ↦ A·x + b with A = diag(0.5, 0.8): fixed point b / (1 − a).
    const b = [1, -2];
    const a = [0.5, 0.8];
    const history = new AndersonHistory();
    const x = new Float64Array(2);
    let dir: Float64Array | null = null;
    for (let k = 0; k < 6 && dir === null; k++) {
      for (let i = 0; i < 2; i++) x[i] = a[i] * x[i] + b[i];
      dir = history.record([0, 1], x);
    }
    expect(dir).not.toBeNull();
    expectClose([x[0] + (dir as Float64Array)[0], x[1] + (dir as Float64Array)[1]], [2, -10], { rtol: 1e-8 });
  });

  it('extrapolates the last K + 1 iterates between proposals too (the dual point), in their order', () => {
    // x ← a·x + b converges linearly to b/(1 − a) = (2, −10); nine iterates: the ring has wrapped.
    const a = [0.9, 0.5];
    const b = [0.2, -5];
    const history = new AndersonHistory();
    const x = new Float64Array(2);
    for (let k = 0; k < 9; k++) {
      for (let i = 0; i < 2; i++) x[i] = a[i] * x[i] + b[i];
      history.store([0, 1], x);
      if (k < 5) expect(history.extrapolated(x)).toBeNull();
    }
    const ext = history.extrapolated(x);
    expect(ext?.support).toEqual([0, 1]);
    expectClose([x[0] + (ext as { dir: Float64Array }).dir[0], x[1] + (ext as { dir: Float64Array }).dir[1]], [2, -10], { rtol: 1e-8 });
  });

  it('starts over when the support changes', () => {
    const history = new AndersonHistory();
    const beta = Float64Array.of(1, 2, 3);
    for (let k = 0; k < 5; k++) expect(history.record([0, 1], beta)).toBeNull();
    expect(history.record([0, 2], beta)).toBeNull();
  });

  it('forgets its iterates at reset, on the same list as on another: the next proposal is a fresh history\'s', () => {
    const rand = createRng(12);
    const list = [4, 1, 7, 2];
    const beta = new Float64Array(8);
    const step = () => list.forEach((j) => (beta[j] = 0.6 * beta[j] + rand() - 0.4));
    for (const after of [list, [4, 1, 7], [4, 1, 7, 2, 5, 0]]) {
      const reused = new AndersonHistory();
      for (let k = 0; k < 4; k++) {
        step();
        reused.record(list, beta);
      }
      reused.reset();
      const fresh = new AndersonHistory();
      const values = new Float64Array(8).fill(NaN);
      for (let k = 0; k < 6; k++) {
        step();
        expect(reused.extrapolated(beta)).toBeNull();
        // The pass's copy is not trusted right after a reset (NaN here): the history gathers.
        const a = k === 0 ? reused.recordPassed(after, values, beta) : reused.record(after, beta);
        const b = fresh.record(after, beta);
        expect(a === null ? null : Array.from(a)).toEqual(b === null ? null : Array.from(b));
        expect(a === null).toBe(k < 5);
      }
    }
  });

  it('takes iterates from a pass\'s own copy of β as it gathers them: the same directions, bit for bit', () => {
    // The list in scattered order, β on it copied out in the list's order (as sparsePass leaves it).
    const rand = createRng(8);
    const p = 40;
    const list = [3, 17, 5, 31, 0, 22, 9, 12, 38, 27, 14];
    const gathered = new AndersonHistory();
    const copied = new AndersonHistory();
    const beta = new Float64Array(p);
    const values = new Float64Array(p);
    let proposals = 0;
    for (let k = 0; k < 20; k++) {
      for (const j of list) beta[j] = 0.7 * beta[j] + rand() - 0.3;
      list.forEach((j, a) => (values[a] = beta[j]));
      const a = gathered.record(list, beta);
      const b = k === 0 ? copied.record(list, beta) : copied.recordPassed(list, values, beta);
      expect(b === null ? null : Array.from(b)).toEqual(a === null ? null : Array.from(a));
      if (a !== null) proposals++;
    }
    expect(proposals).toBe(3);
    // A history that has not stored on the list yet (or on another) gathers: values are not trusted.
    const fresh = new AndersonHistory();
    values.fill(NaN);
    for (let k = 0; k < 5; k++) expect(fresh.recordPassed(list, values, beta)).toBeNull();
    expect(Array.from(fresh.recordPassed(list, values, beta) ?? [])).not.toContain(NaN);
  });
});

describe('Anderson weights', () => {
  // andersonWeights' normal equations written out the plain way, one sum after another, then its solver.
  function plainWeights(hist: Float64Array, m: number, K: number): number[] | null {
    const q = K - 1;
    const u = Array.from({ length: m }, (_, i) => hist[K * m + i] - hist[(K - 1) * m + i]);
    const D = Array.from({ length: q }, (_, k) => Array.from({ length: m }, (_, i) => hist[(k + 1) * m + i] - hist[k * m + i] - u[i]));
    const A = new Float64Array(q * q);
    const b = new Float64Array(q);
    let trace = 0;
    for (let a = 0; a < q; a++) {
      let rhs = 0;
      for (let i = 0; i < m; i++) rhs -= D[a][i] * u[i];
      b[a] = rhs;
      for (let c = a; c < q; c++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += D[a][i] * D[c][i];
        A[a * q + c] = A[c * q + a] = s;
      }
      trace += A[a * q + a];
    }
    if (!(trace > 0)) return null;
    for (let a = 0; a < q; a++) A[a * q + a] += 1e-12 * trace;
    if (!choleskyInPlace(A, q)) return null;
    const x = Array.from(choleskySolveFactored(A, b, q));
    let rest = 1;
    for (const v of x) rest -= v;
    return [...x, rest];
  }

  it('K = 5 (the solver\'s) gives the plain loops\' weights to the bit, on converging and on rough iterates', () => {
    const rand = createRng(5);
    for (const [m, rate] of [[1, 0.5], [7, 0.9], [300, 0.99], [2500, 0.3], [64, 0]] as const) {
      const hist = new Float64Array(6 * m);
      const x = Float64Array.from({ length: m }, () => rand() - 0.5);
      const target = Float64Array.from({ length: m }, () => 10 * (rand() - 0.5));
      for (let k = 0; k < 6; k++) {
        for (let i = 0; i < m; i++) x[i] = target[i] + (rate > 0 ? rate : rand()) * (x[i] - target[i]) + 1e-9 * (rand() - 0.5);
        hist.set(x, k * m);
      }
      const weights = andersonWeights(hist, m, 5);
      const plain = plainWeights(hist, m, 5);
      expect(weights === null ? null : Array.from(weights)).toEqual(plain);
      expect(weights).not.toBeNull();
    }
    // No motion: no weights, as the plain loops.
    expect(andersonWeights(new Float64Array(6 * 3).fill(2), 3, 5)).toBeNull();
    expect(plainWeights(new Float64Array(6 * 3).fill(2), 3, 5)).toBeNull();
  });

  it('other K (the general loops, for another ANDERSON_K) give the plain loops\' weights too, and the documented example', () => {
    // [−1, 2] to the normal equations' ridge (1e-12 of their trace).
    expectClose(andersonWeights(Float64Array.of(0, 0.5, 0.75), 1, 2) as Float64Array, [-1, 2], { rtol: 1e-11 });
    const rand = createRng(6);
    for (const K of [2, 3, 4, 6]) {
      const m = 40;
      const hist = new Float64Array((K + 1) * m);
      const x = Float64Array.from({ length: m }, () => rand() - 0.5);
      for (let k = 0; k <= K; k++) {
        for (let i = 0; i < m; i++) x[i] = 0.8 * x[i] + 0.1 * (rand() - 0.5);
        hist.set(x, k * m);
      }
      const weights = andersonWeights(hist, m, K);
      expect(weights).not.toBeNull();
      expect(Array.from(weights ?? [])).toEqual(plainWeights(hist, m, K));
    }
  });
});

describe('screening', () => {
  it('the strong rule keeps |c_j| ≥ 2λ − λ_prev, ever-active and unpenalized coordinates, never excluded ones', () => {
    const k = kernel(5, 10, 6, [1, 1, 1, 0, 1, 1]);
    k.excluded[5] = 1;
    const problem = new ResidualProblem(k);
    const strong = new Uint8Array(6);
    const everActive = Uint8Array.of(0, 0, 1, 0, 0, 0);
    const lambda1 = new Float64Array(6).fill(0.5);
    const c = Float64Array.of(0.45, 0.35, 0, 0, -0.9, 5);
    // α_prev = 0.6, l1Ratio 1: threshold 2·0.5 − 0.6 = 0.4.
    chooseWorkingSet(problem, strong, everActive, new Float64Array(6), lambda1, c, 0.6, 1, true);
    expect(Array.from(strong)).toEqual([1, 0, 1, 1, 1, 0]);
    chooseWorkingSet(problem, strong, everActive, new Float64Array(6), lambda1, null, 0.6, 1, true);
    expect(Array.from(strong)).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('the strong rule keeps what the rule written out keeps, over mixed penalty factors and flags', () => {
    const rand = createRng(21);
    const p = 400;
    for (const positive of [false, true]) {
      const penaltyFactor = Float64Array.from({ length: p }, () => (rand() < 0.1 ? 0 : rand() < 0.5 ? 1 : 0.5 + rand()));
      const excluded = Uint8Array.from({ length: p }, () => (rand() < 0.05 ? 1 : 0));
      const problem = { p, penaltyFactor, excluded, positive } as never;
      const beta = Float64Array.from({ length: p }, () => (rand() < 0.1 ? rand() - 0.5 : 0));
      const everActive = Uint8Array.from({ length: p }, () => (rand() < 0.1 ? 1 : 0));
      const c = Float64Array.from({ length: p }, () => 2 * (rand() - 0.5));
      for (const [alpha, previous, l1Ratio] of [[0.6, 0.65, 1], [0.8, 0.9, 0.5], [0, 0.1, 0]]) {
        const lambda1 = Float64Array.from(penaltyFactor, (f) => alpha * l1Ratio * f);
        const strong = new Uint8Array(p);
        chooseWorkingSet(problem, strong, everActive, beta, lambda1, c, previous, l1Ratio, true);
        const kept = (j: number) => {
          if (excluded[j]) return 0;
          if (penaltyFactor[j] === 0 || beta[j] !== 0 || everActive[j]) return 1;
          const u = positive ? c[j] : Math.abs(c[j]);
          return u >= 2 * lambda1[j] - previous * l1Ratio * penaltyFactor[j] ? 1 : 0;
        };
        expect(Array.from(strong)).toEqual(Array.from({ length: p }, (_, j) => kept(j)));
        // Neither keeps everything nor nothing where it screens (the comparison says something).
        const count = strong.reduce((a, b) => a + b, 0);
        if (alpha > 0) expect(count).toBeGreaterThan(40);
        if (alpha > 0) expect(count).toBeLessThan(p - 40);
      }
    }
  });

  // Where every factor is 1 and nothing is excluded (PenaltyState.uniform), the scans read λ1 and
  // λ2 once: the strong set, the KKT violators and the gap must be those of the general loops, bit
  // for bit — zeros, signed zeros, NaN, ties at the threshold and gradients at exactly λ1 included.
  it('the uniform-penalty scans give what the general ones give, bit for bit (Lasso and Elastic Net, positive or not)', () => {
    const rand = createRng(33);
    const p = 3000;
    for (const positive of [false, true]) {
      for (const [alpha, previous, l1Ratio] of [[0.5, 0.55, 1], [0.4, 0.5, 0.5], [0.3, 0.35, 0], [0, 0.1, 1]]) {
        const l1 = alpha * l1Ratio;
        const l2 = alpha * (1 - l1Ratio);
        const special = [0, -0, l1, -l1, 2 * l1 - previous * l1Ratio, NaN, Infinity];
        const pick = (j: number, x: number) => (j % 97 < special.length ? special[j % 97] : x);
        const c = Float64Array.from({ length: p }, (_, j) => pick(j, 2.4 * alpha * (rand() - 0.5)));
        const beta = Float64Array.from({ length: p }, (_, j) => (j % 89 === 0 ? -0 : rand() < 0.08 ? rand() - 0.5 : 0));
        beta[5] = NaN;
        const everActive = Uint8Array.from({ length: p }, () => (rand() < 0.05 ? 1 : 0));
        const problem = { p, penaltyFactor: new Float64Array(p).fill(1), excluded: new Uint8Array(p), positive } as never;
        const lambda1 = new Float64Array(p).fill(l1);
        const lambda2 = new Float64Array(p).fill(l2);
        const strongs = [false, true].map((uniform) => {
          const strong = new Uint8Array(p);
          chooseWorkingSet(problem, strong, everActive, beta, lambda1, c, previous, l1Ratio, true, uniform);
          return strong;
        });
        expect(strongs[1]).toEqual(strongs[0]);
        // The KKT check reads the gradient at the solution, not the one the set was screened with.
        const later = Float64Array.from(c, (g, j) => (j % 97 < special.length ? g : 2.4 * alpha * (rand() - 0.5)));
        const added = [false, true].map((uniform) => {
          const strong = strongs[0].slice();
          return { count: addKktViolators(problem, strong, lambda1, later, uniform), strong };
        });
        expect(added[1]).toEqual(added[0]);
        if (l1 > 0) expect(added[0].count).toBeGreaterThan(10);
        const finite = beta.map((b) => (Number.isNaN(b) ? 0 : b));
        for (const b of [beta, finite]) {
          const gaps = [false, true].map((uniform) => dualityGap({ beta: b, grad: c.map((g) => (Number.isFinite(g) ? g : 0)), rss: 2.5, yTr: 1.75, thetaSq: 2.25, lambda1, lambda2, positive, excluded: new Uint8Array(p), uniform }));
          expect(Object.is(gaps[1].gap, gaps[0].gap) && Object.is(gaps[1].primal, gaps[0].primal) && Object.is(gaps[1].dual, gaps[0].dual)).toBe(true);
          if (b === finite) expect(Number.isFinite(gaps[0].gap)).toBe(true);
        }
      }
    }
  });

  it('KKT violators outside the working set join it and are counted', () => {
    const k = kernel(6, 10, 4);
    const strong = Uint8Array.of(1, 0, 0, 0);
    const added = addKktViolators(new ResidualProblem(k), strong, new Float64Array(4).fill(0.5), Float64Array.of(9, 0.6, -0.4, -0.51));
    expect(added).toBe(2);
    expect(Array.from(strong)).toEqual([1, 1, 0, 1]);
  });
});

describe('dual points', () => {
  it('the gap bounds the suboptimality, and the residual is projected off unpenalized columns', () => {
    const k = kernel(7, 30, 5, [0, 1, 1, 1, 1]);
    const problem = new ResidualProblem(k);
    const beta = Float64Array.of(0.2, 0.1, 0, -0.3, 0);
    problem.reset(beta);
    const state = { beta, lambda1: Float64Array.of(0, 0.2, 0.2, 0.2, 0.2), lambda2: new Float64Array(5), positive: false, excluded: k.excluded };
    const { rss, yTr } = problem.residualMoments();
    const point = feasibleDualPoint(problem, state, { grad: problem.gradient(), thetaSq: rss, yTheta: yTr }, new Float64Array(5));
    expect(Math.abs(point.grad[0])).toBeLessThan(1e-12);
    const { gap, primal } = gapAt(point, rss, state);
    expectClose(primal, kernelObjective(k, state), { rtol: 1e-12 });
    expect(gap).toBeGreaterThanOrEqual(0);
    // Any solution is at least primal − gap.
    const better = { ...state, beta: Float64Array.of(0.25, 0.05, 0, -0.25, 0) };
    expect(kernelObjective(k, better)).toBeGreaterThanOrEqual(primal - gap - 1e-12);
  });

  it('with `positive`, an unpenalized coordinate held at 0 whose product the point makes positive is projected too, though no other coordinate is unpenalized', () => {
    const k = { ...kernel(7, 30, 5, [0, 1, 1, 1, 1]), positive: true };
    // y leans on x_0, so at β_0 = 0 the residual's x_0ᵀr > 0: the point breaks x_0ᵀθ ≤ 0.
    for (let i = 0; i < k.n; i++) k.y[i] += 2 * k.X[i];
    const problem = new ResidualProblem(k);
    const beta = Float64Array.of(0, 0.1, 0, 0.3, 0);
    problem.reset(beta);
    const state = { beta, lambda1: Float64Array.of(0, 0.2, 0.2, 0.2, 0.2), lambda2: new Float64Array(5), positive: true, excluded: k.excluded };
    const { rss, yTr } = problem.residualMoments();
    const grad = problem.gradient();
    expect(grad[0]).toBeGreaterThan(0);
    const point = feasibleDualPoint(problem, state, { grad, thetaSq: rss, yTheta: yTr }, new Float64Array(5));
    expect(Math.abs(point.grad[0])).toBeLessThan(1e-12);
    const { gap, primal } = gapAt(point, rss, state);
    // β_0 moved to its exact coordinate minimum (> 0) lowers the objective by ½(x_0ᵀr)²/‖x_0‖²: the gap must allow it.
    const better = { ...state, beta: Float64Array.of(grad[0] / k.colSq[0], 0.1, 0, 0.3, 0) };
    expect(primal - kernelObjective(k, better)).toBeCloseTo((0.5 * grad[0] ** 2) / k.colSq[0], 12);
    expect(kernelObjective(k, better)).toBeGreaterThanOrEqual(primal - gap - 1e-12);
  });

  it('unpenalized columns that repeat one another, at norms 1e-5 … 1e5, are all projected off', () => {
    // X_UᵀX_U is singular (x_3 = x_0): its factor failed and was retried with a ridge of
    // 1e-13·trace, which swamped the small columns (x_1 at 1e-5) — left unprojected, the point broke
    // their constraint x_jᵀθ = 0 and a fast-check path claimed gaps of 0 at objectives 3e-4 above
    // its optimum. Now a dependent column is dropped and the rest projected in unit scale.
    const k = kernel(7, 12, 6, [0, 0, 0, 0, 1, 1]);
    const { n, X } = k;
    for (let i = 0; i < n; i++) {
      X[1 * n + i] *= 1e-5;
      X[2 * n + i] *= 1e5;
      X[3 * n + i] = X[i];
    }
    const colSq = columnNorms(X, n, 6);
    const kk = { ...k, colSq };
    for (const problem of [new ResidualProblem(kk), GramProblem.fromKernel(kk)] as CdProblem[]) {
      const beta = Float64Array.of(0.2, 3e4, 1e-6, -0.1, 0.3, 0);
      problem.reset(beta);
      const state = { beta, lambda1: Float64Array.of(0, 0, 0, 0, 0.2, 0.2), lambda2: new Float64Array(6), positive: false, excluded: kk.excluded };
      const { rss, yTr } = problem.residualMoments(beta);
      const point = feasibleDualPoint(problem, state, { grad: problem.gradient(beta), thetaSq: rss, yTheta: yTr }, new Float64Array(6));
      for (let j = 0; j < 4; j++) expect(Math.abs(point.grad[j]), `column ${j}`).toBeLessThan(1e-12 * Math.sqrt(colSq[j] * point.thetaSq));
      const { gap, primal } = gapAt(point, rss, state);
      expect(gap).toBeGreaterThanOrEqual(0);
      // Any β is at least primal − gap: the least squares over x_0, x_1, x_2 (x_3 repeats x_0) with
      // β_4, β_5 held lowers the objective, solved in unit scale.
      const r = Float64Array.from(k.y, (v, i) => v - X[4 * n + i] * beta[4]);
      const scale = [0, 1, 2].map((j) => 1 / Math.sqrt(colSq[j]));
      const col = (a: number, i: number) => X[a * n + i] * scale[a];
      const A = Float64Array.from({ length: 9 }, (_, t) => Array.from({ length: n }, (_, i) => col(Math.floor(t / 3), i) * col(t % 3, i)).reduce((x, v) => x + v, 0));
      const b = Float64Array.from({ length: 3 }, (_, a) => Array.from({ length: n }, (_, i) => col(a, i) * r[i]).reduce((x, v) => x + v, 0));
      const z = choleskySolve(A, b, 3)!;
      const best = { ...state, beta: Float64Array.of(z[0] * scale[0], z[1] * scale[1], z[2] * scale[2], 0, beta[4], 0) };
      expect(kernelObjective(kk, best)).toBeLessThan(primal);
      expect(kernelObjective(kk, best)).toBeGreaterThanOrEqual(primal - gap - 1e-12 * primal);
    }
  });
});

describe("a design's rows (the projection a Gram cannot make)", () => {
  // A sparse design with weights, shifts and scales, and the same kernel made dense by hand.
  const rand = createRng(31);
  const [n, p] = [9, 4];
  const dense = Float64Array.from({ length: n * p }, () => (rand() < 0.5 ? 0 : rand() - 0.5));
  const X = cscFromDense(toDenseMatrix(Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => dense[j * n + i]))));
  const sqrtW = Float64Array.from({ length: n }, () => 0.2 + rand());
  const shift = Float64Array.of(0.1, -0.3, 0, 0.05);
  const scale = Float64Array.of(2, 0.5, 1, 3);
  const excluded = Uint8Array.of(0, 0, 1, 0);
  const y = Float64Array.from({ length: n }, () => rand() - 0.5);
  const kernelX = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) kernelX[j * n + i] = excluded[j] ? 0 : (sqrtW[i] * (dense[j * n + i] - shift[j])) / scale[j];
  const sparse = sparseRows({ X, sqrtW, y, shift, scale, excluded });
  const plain = denseRows(kernelX, y, n, p, excluded, Workspace.plain());

  it("a sparse design's rows are the kernel's x̃_j = v ⊙ (x_j − μ_j)/s_j: columns, X̃ᵀv and ỹ − X̃β", () => {
    const made = sparse.columns([3, 0])!;
    expectClose(made.X.subarray(0, n), kernelX.subarray(3 * n, 4 * n), { rtol: 1e-14, atol: 1e-15 });
    expectClose(made.X.subarray(n, 2 * n), kernelX.subarray(0, n), { rtol: 1e-14, atol: 1e-15 });
    const v = Float64Array.from({ length: n }, () => rand() - 0.5);
    const [a, b] = [new Float64Array(p), new Float64Array(p)];
    sparse.gradient(v, a);
    plain.gradient(v, b);
    expectClose(a, b, { rtol: 1e-13, atol: 1e-15 });
    expect(a[2]).toBe(0);
    const beta = Float64Array.of(0.7, -1.2, 5, 0.3);
    const [r, s] = [new Float64Array(n), new Float64Array(n)];
    sparse.residual(beta, r);
    plain.residual(beta, s);
    expectClose(r, s, { rtol: 1e-13, atol: 1e-14 });
  });

  it('projects θ off the columns U: X̃_Uᵀθ₀ = 0 to rounding, ‖θ‖² as the primal only for the residual, the rank kept per U', () => {
    // Column 3 repeated as column 4: rank 2 of three columns.
    const wide = new Float64Array(n * 5);
    wide.set(kernelX);
    wide.set(kernelX.subarray(3 * n, 4 * n), 4 * n);
    const rows = new RowsProjection(denseRows(wide, y, n, 5, Uint8Array.of(0, 0, 1, 0, 0), Workspace.plain()));
    expect(rows.rank([0, 3, 4])).toBe(2);
    expect(rows.rank([0, 1])).toBe(2);
    const theta = Float64Array.from({ length: n }, () => rand() - 0.5);
    const grad = new Float64Array(5);
    const point = rows.point([0, 3, 4], theta, true, grad)!;
    for (const j of [0, 3, 4]) expect(Math.abs(point.grad[j])).toBeLessThan(1e-15);
    expect(point.rss).toBe(theta.reduce((t, v) => t + v * v, 0));
    expect(point.thetaSq).toBeLessThan(point.rss!);
    expect(rows.point([0, 3, 4], theta, false, grad)!.rss).toBeUndefined();
  });

  it('makes no columns or reflectors beyond 2^22 doubles or 2^30 multiply-adds: the rank is then unknown (null)', () => {
    const unmade: DesignRows = {
      n: 2 ** 21,
      y: new Float64Array(0),
      columns: () => {
        throw new Error('columns made');
      },
      gradient: () => {},
      residual: () => {},
    };
    // 3 columns of 2^21 rows: 6.3M doubles of reflectors.
    expect(new RowsProjection(unmade).rank([0, 1, 2])).toBeNull();
    expect(new RowsProjection(unmade).point([0, 1, 2], new Float64Array(0), true, new Float64Array(3))).toBeNull();
    // 2,048 columns of 2,048 rows: 4M doubles, but 8.6e9 multiply-adds (8.9 s measured).
    expect(new RowsProjection({ ...unmade, n: 2048 }).rank([...Array(2048).keys()])).toBeNull();
  });

  it("a sparse X's Gram from statistics gets the rows of the same kernel: ‖ỹ‖², and X̃ᵀỹ off one column", () => {
    const rowsX = Array.from({ length: 40 }, () => Array.from({ length: 3 }, (_, j) => (rand() < 0.4 ? 0 : j + rand())));
    const yy = rowsX.map((r) => r[0] - 2 * r[2] + rand());
    const weights = Array.from({ length: 40 }, () => 0.5 + rand());
    for (const fitIntercept of [true, false]) {
      const common = resolveCommon({ fitIntercept, standardize: true, updateMode: 'covariance' });
      const problem = prepareSparse(cscFromDense(toDenseMatrix(rowsX)), Float64Array.from(yy), common, weights, undefined).problem();
      expect(problem).toBeInstanceOf(GramProblem);
      const beta = new Float64Array(3);
      problem.reset(beta);
      const grad = new Float64Array(3);
      const point = problem.projectOnRows!([1], { grad: problem.gradient(beta), thetaSq: 0, yTheta: 0 }, grad, beta)!;
      expectClose(point.rss!, problem.yty, { rtol: 1e-12 });
      expectClose(point.thetaSq, problem.yty - problem.xty[1] ** 2 / problem.colSq[1], { rtol: 1e-12 });
      expect(Math.abs(point.grad[1])).toBeLessThan(1e-12);
      problem.release?.();
    }
  });
});

describe('ridge system', () => {
  it('solves (X_SᵀX_S + Λ2_S)·δ = b as a fresh dense factorization does, as S and Λ2 change along a path — also with |S| > n', () => {
    // n = 12 rows, p = 30 columns: supports of up to 20 make X_SᵀX_S singular; the ridge system is not.
    const n = 12;
    const p = 30;
    const pf = Array.from({ length: p }, (_, j) => 0.5 + (j % 3) * 0.5);
    const k = kernel(11, n, p, pf);
    const problem = new ResidualProblem(k);
    const system = new RidgeSystem(problem);
    const rand = createRng(5);
    let S = [0, 3, 5];
    const lambda2 = new Float64Array(p);
    let scale = 0.4;
    for (let step = 0; step < 60; step++) {
      // The ridge term shrinks as along a path (0.93 per α), with a jump and a new l1Ratio now and then.
      scale *= step === 30 ? 0.2 : 0.93;
      const ratios = step >= 45 ? pf.map((f, j) => f * (j % 2 ? 1 : 1.5)) : pf;
      for (let j = 0; j < p; j++) lambda2[j] = scale * ratios[j];
      const j = Math.floor(rand() * p);
      S = S.includes(j) && S.length > 1 ? S.filter((v) => v !== j) : S.includes(j) ? S : [...S, j];
      if (step === 20) S = Array.from({ length: 20 }, (_, a) => a);
      const order = system.prepare([...S].sort((a, b) => a - b), lambda2) as readonly number[];
      expect([...order].sort((a, b) => a - b)).toEqual([...S].sort((a, b) => a - b));
      const m = order.length;
      const b = Float64Array.from({ length: m }, () => rand() - 0.5);
      const want = choleskySolve(ridgeMatrix(k, order, lambda2), b, m) as Float64Array;
      const { delta, xdSq, exact } = system.solve(b, order);
      expect(exact).toBe(true);
      expectClose(delta, want, { rtol: 1e-9, atol: 1e-10 });
      expect(xdSq).toBeCloseTo(normXd(k, order, delta), 8);
    }
  });

  it.each([
    [200, 340, 320, 0],
    [40, 90, 60, 0],
    [40, 90, 60, 3],
  ])('on %i rows, past 50 coordinates (here %i columns, supports of %i, %i unpenalized first) keeps its factor across α (conjugate gradients) and still solves to rounding', (n, p, size, free) => {
    // Supports past n make X_SᵀX_S singular; Λ2 shrinks 0.93 per α until it is half the factor's,
    // then the factor is made afresh. Unpenalized coordinates (λ2 = 0) first in S: the ratio was
    // read from S's first coordinate, found none there, and every α's Λ2 was factored afresh.
    const k = kernel(13, n, p);
    const system = new RidgeSystem(new ResidualProblem(k));
    const rand = createRng(9);
    let S = Array.from({ length: size }, (_, j) => j);
    const lambda2 = new Float64Array(p);
    for (let step = 0; step < 12; step++) {
      lambda2.fill(2 * 0.93 ** step);
      lambda2.fill(0, 0, free);
      if (step % 4 === 3) S = S.filter((j) => j !== 7 * step).concat(size + step).sort((a, b) => a - b);
      const order = system.prepare(S, lambda2) as readonly number[];
      const m = order.length;
      const H = new Float64Array(m * m);
      for (let a = 0; a < m; a++) for (let b = 0; b <= a; b++) H[a * m + b] = H[b * m + a] = dotColumns(k, order[a], order[b]) + (a === b ? lambda2[order[a]] : 0);
      const b = Float64Array.from({ length: m }, () => rand() - 0.5);
      const { delta, exact } = system.solve(b, order);
      expect(exact).toBe(true);
      expectClose(delta, choleskySolve(H, b, m) as Float64Array, { rtol: 1e-8, atol: 1e-10 });
      // Kept across α: made afresh at the start and where Λ2 fell to 0.93¹⁰ < ½ of the factor's (step
      // 10) only; a factor made afresh per α would be made for every step's Λ2.
      expect(system.madeFor(lambda2)).toBe(step === 0 || step === 10);
    }
  });
});

describe('wide ridge system (n×n form)', () => {
  it('solves (X_SᵀX_S + Λ2_S)·δ = b for |S| > n as a fresh k×k factorization does, keeping its factor while S and Λ2 stay', () => {
    // 15 rows, supports of 20–45 columns (X_SᵀX_S singular), penalty factors unequal across S.
    const n = 15;
    const p = 60;
    const k = kernel(21, n, p);
    const system = new WideRidgeSystem(columnsOf(k.X, n));
    const rand = createRng(4);
    const lambda2 = new Float64Array(p);
    for (let step = 0; step < 12; step++) {
      for (let j = 0; j < p; j++) lambda2[j] = 0.3 * 0.8 ** step * (0.5 + (j % 4) * 0.25);
      const S = Array.from({ length: p }, (_, j) => j).filter((j) => (j * 7 + step) % 3 !== 0 || j < 20 + step);
      const m = S.length;
      const H = ridgeMatrix(k, S, lambda2);
      // Two right-hand sides per factor: the second reuses it.
      for (let rhs = 0; rhs < 2; rhs++) {
        const b = Float64Array.from({ length: m }, () => rand() - 0.5);
        const solved = system.solve(S, lambda2, b);
        expect(solved).not.toBeNull();
        const { delta, xdSq } = solved as { delta: Float64Array; xdSq: number };
        expectClose(delta, choleskySolve(H, b, m) as Float64Array, { rtol: 1e-9, atol: 1e-10 });
        expect(xdSq).toBeCloseTo(normXd(k, S, delta), 8);
      }
    }
  });

  it('serves a bought Newton step on a support past 1.5·n holding unpenalized coordinates (λ2 = 0) through its complement: the system solved to rounding', () => {
    // Before, an unpenalized coordinate in S ruled the n×n form out: a 100 × 1,000 ρ 0.5 Elastic Net
    // path with three unpenalized columns crawled through 22,829 passes (820 now).
    const n = 12;
    const p = 30;
    const k = kernel(23, n, p, [0, 1, 0, ...Array<number>(p - 3).fill(1)]);
    const problem = new ResidualProblem(k);
    const beta = Float64Array.from({ length: p }, (_, j) => (j < 20 ? 0.1 + 0.01 * j : 0));
    problem.reset(beta);
    const lambda1 = Float64Array.from(k.penaltyFactor, (f) => 0.01 * f);
    const lambda2 = Float64Array.from(k.penaltyFactor, (f) => 0.01 * f);
    const state: PenaltyState = { beta, lambda1, lambda2, positive: false, excluded: k.excluded };
    // |S| = 20 > 1.5·12: only the n×n form reaches it, with columns 0 and 2 (unpenalized) in S.
    const step = new SupportFactor(problem).newtonStep(state, [], true);
    expect(step?.S.length).toBe(20);
    expect(step?.exact).toBe(true);
    const { S, delta, xdSq } = step!;
    // (X_SᵀX_S + Λ2_S)·δ = c_S − t_S: the gradient at β + δ on S is t_S (sign(β)·λ1, 0 where unpenalized).
    const moved = Float64Array.from(beta);
    S.forEach((j, a) => (moved[j] += delta[a]));
    problem.reset(moved);
    const grad = problem.gradient();
    const xd = new Float64Array(n);
    S.forEach((j, a) => {
      for (let i = 0; i < n; i++) xd[i] += k.X[j * n + i] * delta[a];
    });
    expectClose(xdSq, xd.reduce((t, v) => t + v * v, 0), { rtol: 1e-10 });
    for (const j of S) expect(Math.abs(grad[j] - lambda2[j] * moved[j] - Math.sign(beta[j]) * lambda1[j]), `coordinate ${j}`).toBeLessThan(1e-10);
    // Unpenalized columns that repeat each other (X_U rank-deficient): no exact step from the form,
    // the damped one instead.
    for (let i = 0; i < n; i++) k.X[2 * n + i] = k.X[i];
    const twin = new ResidualProblem({ ...k, colSq: columnNorms(k.X, n, p) });
    twin.reset(beta);
    expect(new SupportFactor(twin).newtonStep(state, [], true)?.exact).toBe(false);
  });

  it("serves the Lasso's damped step on a support past 1.5·n in the n×n form: a descent direction, (X_SᵀX_S + μI)·δ = c_S − t_S", () => {
    // Before, a Lasso support past 1.5·n had no step at all: a 9 × 118 positive Lasso (columns of
    // 1000 ± 0.5 or 0, no intercept) whose passes spread β over 15–30 columns crawled (one α 15,481
    // passes, 822 with the step).
    const n = 12;
    const p = 30;
    const { k, problem, beta, lambda1, state } = lassoOnSupport(24, n, p, 20);
    expect(new SupportFactor(problem).newtonStep(state, [], false)).toBeNull();
    const step = new SupportFactor(problem).newtonStep(state, [], true);
    expect(step?.S.length).toBe(20);
    expect(step?.exact).toBe(false);
    const { S, delta, xdSq } = step!;
    const grad = problem.gradient();
    const rhs = S.map((j) => grad[j] - Math.sign(beta[j]) * lambda1[j]);
    const xd = new Float64Array(n);
    S.forEach((j, a) => {
      for (let i = 0; i < n; i++) xd[i] += k.X[j * n + i] * delta[a];
    });
    // δᵀb − μ‖δ‖², two terms of the same size: to ~1e-9.
    expectClose(xdSq, xd.reduce((t, v) => t + v * v, 0), { rtol: 1e-8 });
    // (X_SᵀX_S + μI)·δ = rhs for one μ > 0: X_Sᵀ(X_S·δ) − rhs is −μ·δ.
    const mu = S.map((j, a) => (rhs[a] - k.X.subarray(j * n, (j + 1) * n).reduce((t, v, i) => t + v * xd[i], 0)) / delta[a]);
    for (const m of mu) expectClose(m, mu[0], { rtol: 1e-6 });
    expect(mu[0]).toBeGreaterThan(0);
    // A descent direction of the restricted objective: rhsᵀδ > 0.
    expect(rhs.reduce((t, v, a) => t + v * delta[a], 0)).toBeGreaterThan(0);
  });

  it("gives a bought Lasso step from X_SᵀX_S's factor where its allowance alone refused it: exact, not damped", () => {
    // Before, such a refusal sent the bought step to the damped system (a fresh factor of its own
    // for a direction that is not exact): on 2,000 × 5,000 Lasso paths 0.76–0.99× the time.
    const { problem, beta, lambda1, state } = lassoOnSupport(25, 40, 30, 12);
    // An allowance of 0 flops: no factor unless bought.
    expect(new SupportFactor(problem).newtonStep(state, [], false, 0)).toBeNull();
    const step = new SupportFactor(problem).newtonStep(state, [], true, 0);
    expect(step?.S.length).toBe(12);
    expect(step?.exact).toBe(true);
    // X_SᵀX_S·δ = c_S − sign(β_S)·λ1: at β + δ the gradient on S is sign(β)·λ1.
    const { S, delta } = step!;
    const moved = Float64Array.from(beta);
    S.forEach((j, a) => (moved[j] += delta[a]));
    problem.reset(moved);
    const grad = problem.gradient();
    for (const j of S) expect(Math.abs(grad[j] - Math.sign(beta[j]) * lambda1[j]), `coordinate ${j}`).toBeLessThan(1e-12);
  });

  it('sums its n×n matrix over blocks of the support where one block would pass 2^20 values (n = 600, |S| = 1800: two), and solves the system to rounding', () => {
    const n = 600;
    const p = 1800;
    const k = kernel(22, n, p);
    const lambda2 = Float64Array.from({ length: p }, (_, j) => 0.05 * (1 + (j % 5)));
    const S = Array.from({ length: p }, (_, j) => j);
    const rand = createRng(6);
    const b = Float64Array.from({ length: p }, () => rand() - 0.5);
    const solved = new WideRidgeSystem(columnsOf(k.X, n)).solve(S, lambda2, b);
    expect(solved).not.toBeNull();
    const { delta } = solved as { delta: Float64Array; xdSq: number };
    // (X_SᵀX_S + Λ2_S)·δ − b, by X_S·δ then X_Sᵀ of it: O(n·|S|).
    const xd = new Float64Array(n);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) xd[i] += k.X[j * n + i] * delta[j];
    let worst = 0;
    for (let j = 0; j < p; j++) {
      let r = lambda2[j] * delta[j] - b[j];
      for (let i = 0; i < n; i++) r += k.X[j * n + i] * xd[i];
      worst = Math.max(worst, Math.abs(r));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('costs k·n²/2 + n³/3 flops, which the solver weighs against its passes', () => {
    expect(new WideRidgeSystem(columnsOf(new Float64Array(0), 10)).flops(30)).toBeCloseTo(30 * 50 + 1000 / 3, 6);
  });
});

describe('update mode', () => {
  it("'auto' keeps a dense X's Gram up to 4096 columns where n ≥ p, a sparse X's up to 2000", () => {
    expect(chooseMode('auto', 10_000, 2500)).toBe('covariance');
    expect(chooseMode('auto', 10_000, 4096)).toBe('covariance');
    expect(chooseMode('auto', 10_000, 4097)).toBe('naive');
    expect(chooseMode('auto', 2000, 2500)).toBe('naive');
    expect(chooseMode('naive', 10_000, 100)).toBe('naive');
    // A diagonal CSC matrix of p columns on n = p rows.
    const sparse = (p: number) => ({ rows: p, cols: p, colPtr: Int32Array.from({ length: p + 1 }, (_, j) => j), rowIdx: Int32Array.from({ length: p }, (_, j) => j), values: new Float64Array(p).fill(1) });
    const common = resolveCommon({ fitIntercept: false, standardize: false });
    const solve = (p: number) => prepareSparse(sparse(p), new Float64Array(p).fill(1), common, undefined, undefined).problem();
    expect(solve(2000)).toBeInstanceOf(GramProblem);
    expect(solve(2001)).toBeInstanceOf(SparseResidualProblem);
  });
});

describe('support factor past 2000 coordinates', () => {
  // None there once: a 3000 × 3000 Lasso path crawled by passes (374 s), a 10,000 × 2500 one from
  // statistics (328 s, unconverged), a 2500 × 5000 Elastic Net (over 420 s).
  it.each([
    ['residual', 1],
    ['Gram', 1],
    ['residual', 0.5],
  ] as const)("gives its exact Newton step on a support of 2,050 with n = 2,100 rows, past 2000 (%s problem, l1Ratio %s; the Elastic Net's from its ridge system, bought)", (kind, l1Ratio) => {
    const n = 2100;
    const p = 2100;
    const k = 2050;
    const rand = createRng(21);
    const X = { rows: n, cols: p, data: Float64Array.from({ length: n * p }, () => rand() - 0.5) };
    const y = Float64Array.from({ length: n }, () => rand() - 0.5);
    const { kernel } = prepareProblem(X, y, resolveCommon({ fitIntercept: false, standardize: false }), undefined, undefined);
    const problem = kind === 'residual' ? new ResidualProblem(kernel) : GramProblem.fromKernel(kernel);
    expect(problem.maxCorrected).toBeGreaterThanOrEqual(n);
    const beta = new Float64Array(p);
    for (let j = 0; j < k; j++) beta[j] = rand() < 0.5 ? rand() - 1 : rand();
    problem.reset(beta);
    const lambda1 = 0.02 * l1Ratio;
    const lambda2 = 0.02 * (1 - l1Ratio);
    const state: PenaltyState = { beta, lambda1: new Float64Array(p).fill(lambda1), lambda2: new Float64Array(p).fill(lambda2), positive: false, excluded: kernel.excluded };
    // The Elastic Net's system is bought by the solver once its passes have paid for it.
    const step = new SupportFactor(problem).newtonStep(state, [], l1Ratio < 1);
    expect(step).not.toBeNull();
    const { S, delta, exact } = step!;
    expect(exact).toBe(true);
    expect([...S].sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, j) => j));
    // (X_SᵀX_S + λ2·I)·δ = c_S − λ1·sign(β_S) − λ2·β_S, with X_S·δ made row by row from the problem's own X.
    const c = problem.gradient();
    const xd = new Float64Array(n);
    for (let a = 0; a < k; a++) for (let i = 0; i < n; i++) xd[i] += kernel.X[S[a] * n + i] * delta[a];
    const rhs = Float64Array.from(S, (j) => c[j] - lambda1 * Math.sign(beta[j]) - lambda2 * beta[j]);
    const lhs = Float64Array.from(S, (j, a) => dotColumn(kernel, j, xd) + lambda2 * delta[a]);
    const scale = Math.max(...Array.from(rhs, Math.abs));
    expectClose(lhs, rhs, { atol: 1e-9 * scale, rtol: 0 });
  });
});

/** X_SᵀX_S + Λ2_S (row-major, S's order), entry by entry. */
function ridgeMatrix(k: KernelProblem, S: readonly number[], lambda2: Float64Array): Float64Array {
  const m = S.length;
  const H = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) H[a * m + b] = dotColumns(k, S[a], S[b]) + (a === b ? lambda2[S[a]] : 0);
  return H;
}

/** ‖X_S·δ‖², row by row. */
function normXd(k: KernelProblem, S: readonly number[], delta: Float64Array): number {
  let xd = 0;
  for (let i = 0; i < k.n; i++) {
    let v = 0;
    for (let a = 0; a < S.length; a++) v += k.X[S[a] * k.n + i] * delta[a];
    xd += v * v;
  }
  return xd;
}

function dotColumns(k: KernelProblem, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < k.n; i++) s += k.X[a * k.n + i] * k.X[b * k.n + i];
  return s;
}

function dotColumn(k: KernelProblem, j: number, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < k.n; i++) s += k.X[j * k.n + i] * v[i];
  return s;
}
