import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoordinateDescent, createRng, cscFromDense, enetPath, enetPathFromStats, elasticNet, sufficientStats, toDenseMatrix } from '../src/index.js';
import { setSimd, Workspace } from '../src/internal.js';
import { prepareProblem } from '../src/prepare/prepareProblem.js';
import { resolveCommon } from '../src/prepare/checkOptions.js';
import { equicorrelatedRows } from './helpers.js';

// Random problems: n × p with correlated columns, arbitrary l1Ratio, penalty factors, weights.
const problem = fc
  .record({
    n: fc.integer({ min: 1, max: 25 }),
    p: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    l1Ratio: fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 1, noNaN: true })),
    alphaFrac: fc.double({ min: 1e-3, max: 1.5, noNaN: true }),
    positive: fc.boolean(),
    standardize: fc.boolean(),
    weighted: fc.boolean(),
    withPf: fc.boolean(),
  })
  .map((r) => {
    let s = r.seed;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32 - 0.5;
    };
    const X = Array.from({ length: r.n }, () => {
      const shared = rand();
      return Array.from({ length: r.p }, () => rand() + shared);
    });
    const y = X.map((row) => row.reduce((a, v, j) => a + (j % 3 === 0 ? v : 0), 0) + rand());
    const weights = r.weighted ? X.map(() => 0.1 + rand() + 0.5) : undefined;
    const penaltyFactor = r.withPf ? Array.from({ length: r.p }, (_, j) => (j === 0 ? 0 : 0.5 + rand() + 0.5)) : undefined;
    return { ...r, X, y, weights, penaltyFactor };
  });

const EPS = 2.220446049250313e-16;

// fast-check's counterexample (seed 461869782) for the warm start below: l1Ratio just under 1, so λ2 ≈ 1e-16,
// where the Elastic Net dual point's (|u| − λ1)²/(2λ2) made the gap of an optimum 1e-7–9e-6 and the warm
// start passed 29 times (a cold start 23). See dualityGap's second point.
const PINNED_NEAR_LASSO = {
  n: 13,
  p: 6,
  seed: 1579204395,
  l1Ratio: 0.9999999999999039,
  alphaFrac: 0.007599578531988066,
  positive: true,
  standardize: true,
  weighted: true,
  withPf: true,
  X: [
    [0.5232398903463036, -0.07420988054946065, 0.6205569838639349, 0.22158692684024572, -0.0025733772199600935, 0.14315410563722253],
    [-0.1476774059701711, -0.15914201829582453, -0.6385154870804399, -0.4908701996318996, 0.06100120744667947, 0.0518141221255064],
    [-0.41515253367833793, -0.337008364032954, -0.8254609268624336, -0.367111973464489, -0.7626855892594904, -0.31224241526797414],
    [-0.1014867837075144, -0.6608559265732765, -0.39580740849487484, -0.03163304412737489, -0.11391206947155297, 0.07504604663699865],
    [0.4166595044080168, 0.1814518473111093, -0.16571801737882197, 0.5443556243553758, 0.27071106364019215, -0.18982215924188495],
    [0.3154691148083657, 0.7541549289599061, 0.43561649904586375, -0.09289327776059508, 0.06963198794983327, 0.47876543551683426],
    [-0.42545209149830043, 0.10473529482260346, -0.38344279234297574, 0.15440172143280506, -0.4544116572942585, -0.23968496406450868],
    [-0.033267451683059335, 0.7694938946515322, 0.5464404944796115, 0.007640428375452757, 0.05469347978942096, 0.6137762004509568],
    [-0.48801858141086996, -0.6132068415172398, -0.13561129593290389, -0.6392041714861989, -0.08565303194336593, -0.7130145183764398],
    [0.37265319819562137, 0.36974536161869764, 0.3771414125803858, 0.3661612090654671, 0.3942458552774042, 0.6395499128848314],
    [-0.033167901216074824, -0.2995289000682533, -0.20633532595820725, -0.4398622252047062, 0.12404717900790274, -0.5284716417081654],
    [-0.741321578854695, -0.9523375816643238, 0.008274155901744962, -0.06162976333871484, -0.6287259731907398, -0.5821546586230397],
    [-0.47588433674536645, -0.953310287091881, -0.5193021616432816, -0.6329001961275935, -0.4883741333615035, -0.926166910212487],
  ],
  y: [0.8997039245441556, -0.5679245216306299, -0.9708615741692483, 0.24094018316827714, 0.6478799097239971, 0.26619157497771084, -0.5434337169863284, 0.16311283665709198, -1.3170098634436727, 0.9461397065315396, -0.05389711959287524, -1.085665354738012, -0.9268713798373938],
  weights: [0.24076821506023405, 0.43040976361371575, 0.3445845152251422, 0.3418819440063089, 0.8012011362239718, 0.7344775382895022, 0.21253984505310652, 0.786043782858178, 0.22147199176251886, 0.8504568810109049, 1.0106874517165125, 0.4993757718708366, 0.8431132504716515],
  penaltyFactor: [0, 1.1569738045800477, 1.4197363634593785, 0.9582879662048072, 0.8070523701608181, 0.9858487492892891],
};

const PINNED_POSITIVE_UNPENALIZED = {
  n: 3,
  p: 6,
  seed: 1648864553,
  l1Ratio: 1,
  alphaFrac: 0.001,
  positive: true,
  standardize: false,
  weighted: false,
  withPf: true,
  X: [
    [-0.07281214068643749, -0.14895471697673202, -0.8788702741730958, -0.8077271934598684, -0.6644152940716594, -0.899620505515486],
    [-0.07512331590987742, -0.19583078287541866, -0.17763943481259048, -0.2632073168642819, 0.4103893309365958, 0.23955358657985926],
    [-0.16935333772562444, 0.008902146946638823, -0.15039151185192168, -0.06643140781670809, -0.2917871947865933, 0.23797209793701768],
  ],
  y: [-0.8473465591669083, -0.12470788578502834, -0.2544979923404753],
  weights: undefined,
  penaltyFactor: [0, 0.8748048669658601, 1.0970264205243438, 1.2163972044363618, 1.0709097415674478, 0.8386916969902813],
};

// fast-check's counterexample (seed -126302272) for the variants' test below: column 0 unpenalized, 13 rows on
// 12 columns (the intercept makes it square), α = 1e-4 — near interpolation, where no Newton step was taken
// with an unpenalized coordinate and every variant's passes stopped at maxIter (100,000) with the gap at
// 9e-11–1.5e-10 against a target of 6e-12.
const PINNED_UNPENALIZED_INTERPOLATING = {
  n: 13,
  p: 12,
  seed: 24,
  l1Ratio: 1,
  alphaFrac: 0.001,
  positive: false,
  standardize: true,
  weighted: false,
  withPf: true,
  X: [
    [-0.7590010894928128, -0.1351716946810484, -0.6812658186536282, -0.6899276305921376, -0.21339569543488324, -0.0380140608176589, -0.5448872668202966, -0.6508235274814069, -0.2886525022331625, -0.6299348920583725, -0.6520869850646704, 0.006805350538343191],
    [0.39265603688545525, 0.3357565705664456, 0.8203653756063432, 0.04312516748905182, 0.3587214353028685, 0.15637094853445888, 0.17426015972159803, 0.44029276352375746, 0.4030206569004804, 0.5309689403511584, 0.890373308910057, 0.7147165592759848],
    [-0.2184099976439029, 0.38666961062699556, 0.5522341525647789, 0.6120199323631823, 0.05377109139226377, 0.5387818850576878, 0.33812668663449585, -0.11036554211750627, 0.19777279417030513, -0.13969061989337206, -0.1887058017309755, 0.4170516771264374],
    [0.24519622907973826, -0.449957721401006, -0.42743407213129103, -0.08527050632983446, 0.06019746256060898, 0.38998753810301423, 0.40073337289504707, -0.08600698597729206, -0.458404224133119, 0.040745077189058065, -0.41913388879038393, -0.23228449281305075],
    [0.22398835024796426, -0.5166950672864914, -0.4846671975683421, 0.014184413012117147, -0.7174755197484046, -0.6743862265720963, 0.24194442690350115, -0.18692149547860026, -0.5965571238193661, -0.3657462764531374, -0.5857448081951588, -0.24068187596276402],
    [0.0369753644336015, -0.27698364248499274, 0.28328713844530284, 0.36792360059916973, 0.6375812462065369, 0.49611818930134177, 0.5969328579958528, 0.42095005605369806, 0.6199666645843536, 0.14174206228926778, -0.024947093101218343, -0.17452245578169823],
    [-0.40311469440348446, -0.11038891691714525, -0.04973581782542169, -0.5455232146196067, -0.18677053623832762, -0.4084471147507429, -0.2563368089031428, -0.8318974492140114, -0.8369025115389377, -0.41463377978652716, -0.4390331932809204, -0.19915484404191375],
    [-0.18781823641620576, -0.9676789068616927, -0.780194645980373, -0.7001012852415442, -0.10151926497928798, -0.35922057880088687, -0.8178841613698751, -0.5090789087116718, -0.46467485441826284, -0.6120903310365975, -0.4093636649195105, -0.7811331981793046],
    [0.13284919201396406, -0.19799728877842426, 0.4930025201756507, -0.034088235814124346, 0.23261991958133876, -0.3226575357839465, 0.4769431168679148, 0.5902217500843108, 0.27727809152565897, 0.2317310981452465, -0.32746813516132534, -0.2735819206573069],
    [-0.38262875634245574, 0.17572463722899556, 0.07930615055374801, 0.13334111496806145, 0.12756848731078207, -0.4959479351527989, -0.1923699884209782, 0.07199208345264196, -0.4156823649536818, 0.1709733777679503, -0.16890778322704136, 0.18481955118477345],
    [0.6806826356332749, 0.7179823229089379, 0.26040898100472987, 0.7635180526413023, 0.21227288409136236, 0.9848195612430573, 0.6958080541808158, 0.6721994667313993, 0.5088526725303382, 0.8861041208729148, 0.330467406893149, 0.7720912550576031],
    [-0.13123475550673902, 0.33940942911431193, 0.03933370462618768, 0.412268771789968, 0.4225992795545608, 0.22941826889291406, -0.08021642756648362, -0.004109283909201622, 0.27510645263828337, 0.1991598098538816, 0.08000320359133184, 0.5268170731142163],
    [0.10682408488355577, -0.04282166436314583, 0.31399585609324276, -0.1792799741961062, 0.10639068740420043, 0.23156515043228865, -0.5322506444063038, -0.5084296832792461, 0.24583083926700056, -0.42271976731717587, 0.1576441761571914, 0.42992671532556415],
  ],
  y: [-2.205124626867473, 1.2863238763529807, 0.49541156785562634, 0.926595478085801, 0.0011749044060707092, 1.2030377017799765, -1.6278132465668023, -2.7597217729780823, 1.1818091971799731, -0.2841017849277705, 2.920292316470295, 0.707926434231922, -1.492135675624013],
  weights: undefined,
  penaltyFactor: [0, 0.6477481580805033, 1.3625082522630692, 0.8106054349336773, 1.1291713560931385, 0.6661048007663339, 1.413340057246387, 0.5405636553186923, 0.537105190102011, 1.4461950797121972, 0.7064026799052954, 1.3843514735344797],
};

/**
 * Coordinate-wise KKT residual: max_j (‖x_j‖² + λ2_j)·Δ_j², where Δ_j is the exact coordinate
 * step at β. Zero exactly at the optimum (separable penalty); since that step alone lowers the
 * objective by ½(‖x_j‖² + λ2_j)·Δ_j², it is at most 2·(suboptimality) ≤ 2·gap.
 */
function kktResidual(pr: ReturnType<typeof prep>, beta: Float64Array, alpha: number, l1Ratio: number): number {
  const { n, p, X, y, colSq, penaltyFactor, excluded, positive } = pr.kernel;
  const r = Float64Array.from(y);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) r[i] -= X[j * n + i] * beta[j];
  let worst = 0;
  for (let j = 0; j < p; j++) {
    if (excluded[j]) continue;
    let c = 0;
    for (let i = 0; i < n; i++) c += X[j * n + i] * r[i];
    const l1 = alpha * l1Ratio * penaltyFactor[j];
    const d = colSq[j] + alpha * (1 - l1Ratio) * penaltyFactor[j];
    const z = c + colSq[j] * beta[j];
    let b = 0;
    if (z > l1) b = (z - l1) / d;
    else if (!positive && z < -l1) b = (z + l1) / d;
    worst = Math.max(worst, d * (b - beta[j]) ** 2);
  }
  return worst;
}

/** ½‖y − Xβ‖² + penalty on the prepared problem, computed directly. */
function kernelObjective(pr: ReturnType<typeof prep>, beta: ArrayLike<number>, alpha: number, l1Ratio: number): number {
  const { n, p, X, y, penaltyFactor } = pr.kernel;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let r = y[i];
    for (let j = 0; j < p; j++) r -= X[j * n + i] * beta[j];
    rss += r * r;
  }
  let pen = 0;
  for (let j = 0; j < p; j++) pen += penaltyFactor[j] * (l1Ratio * Math.abs(beta[j]) + 0.5 * (1 - l1Ratio) * beta[j] ** 2);
  return 0.5 * rss + alpha * pen;
}

/**
 * An Elastic Net path (l1Ratio 0.5, 100 α's) on n × p equicorrelated columns (ρ 0.9, 10 true
 * features), checked to converge at every α with a coordinate-wise KKT residual ≤ 2·gap; its
 * supports' sizes and its passes for the caller.
 */
function wideEnetPath(seed: number, n: number, p: number, eps: number): { df: Int32Array; passes: number } {
  const { X, y } = equicorrelatedRows(seed, n, p);
  const l1Ratio = 0.5;
  const fit = enetPath(X, y, { l1Ratio, nAlphas: 100, eps });
  expect(fit.converged.every(Boolean)).toBe(true);
  const pr = prep({ X, y, standardize: true, positive: false });
  const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
  fit.alphas.forEach((alpha, k) => {
    const beta = Float64Array.from(fit.coef[k], (b, j) => b * pr.xScale[j]);
    expect(kktResidual(pr, beta, alpha, l1Ratio)).toBeLessThanOrEqual(2 * fit.dualGap[k] + 1e-12 * nullObjective);
  });
  return { df: fit.df, passes: fit.nIter.reduce((a, v) => a + v, 0) };
}

function prep(c: { X: number[][]; y: number[]; standardize: boolean; positive: boolean; fitIntercept?: boolean; weights?: number[]; penaltyFactor?: number[] }) {
  const common = resolveCommon({ standardize: c.standardize, positive: c.positive, fitIntercept: c.fitIntercept ?? true });
  return prepareProblem(toDenseMatrix(c.X), Float64Array.from(c.y), common, c.weights, c.penaltyFactor);
}

describe('solver properties on random problems', () => {
  it('every path point is converged (gap ≤ tol·objective + floor) or reports maxIter, and its coordinate-wise KKT residual is ≤ 2·gap', () => {
    fc.assert(
      fc.property(problem, (c) => {
        const tol = 1e-8;
        const maxIter = 20_000;
        const path = enetPath(c.X, c.y, { ...c, nAlphas: 8, tol, maxIter });
        const pr = prep(c);
        const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
        path.alphas.forEach((alpha, k) => {
          const beta = path.coef[k].map((b, j) => b * pr.xScale[j]);
          const objective = kernelObjective(pr, beta, alpha, c.l1Ratio);
          expect(path.dualGap[k]).toBeGreaterThanOrEqual(0);
          if (path.converged[k]) expect(path.dualGap[k]).toBeLessThanOrEqual(tol * objective * 1.000001 + 1e2 * EPS * nullObjective);
          else expect(path.nIter[k]).toBe(maxIter);
          expect(kktResidual(pr, beta, alpha, c.l1Ratio)).toBeLessThanOrEqual(2 * path.dualGap[k] + 1e-12 * nullObjective);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the returned gap bounds the suboptimality: a tighter solve never beats the objective by more than the gap', () => {
    fc.assert(
      fc.property(problem, (c) => {
        const pr = prep(c);
        const loose = new CoordinateDescent(pr.kernel, 'naive');
        const alpha = c.alphaFrac * 0.5;
        const a = loose.solve({ alpha, l1Ratio: c.l1Ratio, tol: 1e-3, maxIter: 10_000 });
        const tight = new CoordinateDescent(pr.kernel, 'covariance');
        const b = tight.solve({ alpha, l1Ratio: c.l1Ratio, tol: 1e-13, maxIter: 100_000 });
        const objA = kernelObjective(pr, loose.beta, alpha, c.l1Ratio);
        const objB = kernelObjective(pr, tight.beta, alpha, c.l1Ratio);
        // Rounding in two objective evaluations and the gap: a few ε·(null objective).
        if (b.converged) expect(objA - objB).toBeLessThanOrEqual(a.dualGap + 1e-12 * loose.nullObjective);
        // The documented stopping rule: gap ≤ tol·objective + 1000·ε·(null objective), or maxIter reported.
        if (a.converged) expect(a.dualGap).toBeLessThanOrEqual(1e-3 * a.objective + 1e2 * EPS * loose.nullObjective);
        else expect(a.nIter).toBe(10_000);
      }),
      // Pinned: `positive` with an unpenalized coordinate held at 0 — the sharper dual point once
      // ignored that coordinate's constraint and under-reported the gap.
      { numRuns: 150, examples: [[PINNED_POSITIVE_UNPENALIZED]] },
    );
  });

  it('alpha ≥ alphaMax gives all penalized coefficients exactly 0 — alphaMax itself too, as the first point of a path', () => {
    fc.assert(
      fc.property(problem, (c) => {
        const path = enetPath(c.X, c.y, { ...c, nAlphas: 2 });
        const fit = elasticNet(c.X, c.y, { ...c, alpha: path.alphaMax * (1 + c.alphaFrac) });
        [fit.coef, path.coef[0]].forEach((coef) =>
          coef.forEach((b, j) => {
            if (!c.penaltyFactor || c.penaltyFactor[j] > 0) expect(b).toBe(0);
          }),
        );
        expect(path.converged[0]).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a warm start from the solution never takes more passes than a cold start', () => {
    fc.assert(
      fc.property(problem, (c) => {
        const pr = prep(c);
        const alpha = c.alphaFrac * 0.2;
        const cold = new CoordinateDescent(pr.kernel, 'naive');
        const r1 = cold.solve({ alpha, l1Ratio: c.l1Ratio, tol: 1e-8, maxIter: 10_000 });
        const warm = new CoordinateDescent(pr.kernel, 'naive');
        warm.setBeta(cold.beta);
        const r2 = warm.solve({ alpha, l1Ratio: c.l1Ratio, tol: 1e-8, maxIter: 10_000 });
        expect(r2.nIter).toBeLessThanOrEqual(r1.nIter);
      }),
      { numRuns: 150, examples: [[PINNED_NEAR_LASSO]] },
    );
  });

  it('on a residual problem whose support passes 256 coordinates (Newton steps after passes), the path reaches the objective it reaches without acceleration', () => {
    const rand = createRng(21);
    const n = 300;
    const p = 700;
    const X = Array.from({ length: n }, () => Array.from({ length: p }, () => rand() - 0.5));
    const y = X.map((r) => r[0] - r[1] + 0.5 * r[2] + (rand() - 0.5));
    const opts = { updateMode: 'naive' as const, l1Ratio: 1, nAlphas: 30, eps: 1e-3, tol: 1e-9, maxIter: 200_000 };
    const fast = enetPath(X, y, opts);
    const plain = enetPath(X, y, { ...opts, acceleration: false });
    expect(Math.max(...fast.df)).toBeGreaterThan(256);
    const pr = prep({ X, y, standardize: true, positive: false });
    const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
    fast.alphas.forEach((alpha, k) => {
      expect(fast.converged[k] && plain.converged[k]).toBe(true);
      const a = kernelObjective(pr, fast.coef[k].map((b, j) => b * pr.xScale[j]), alpha, 1);
      const b = kernelObjective(pr, plain.coef[k].map((v, j) => v * pr.xScale[j]), alpha, 1);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(a, b) + 1e2 * EPS * nullObjective);
    });
  });

  it('an Elastic Net whose supports near n give X_SᵀX_S no useful factor buys the ridge system: every α converges, KKT holds, in few passes', () => {
    // 320 × 1200: supports up to 491 coordinates, past n. Without the ridge system bought there,
    // the passes crawled: 6,123 passes for this path (1,350 with it).
    const fit = wideEnetPath(2, 320, 1200, 1e-2);
    expect(Math.max(...fit.df)).toBeGreaterThan(300);
    expect(fit.passes).toBeLessThan(3000);
  }, 30_000);

  it('an Elastic Net with supports past 1.5·n (beyond the k×k ridge system) steps by its n×n form: every α converges, KKT holds, in few passes', () => {
    // 40 × 400: supports up to ~130 coordinates, over 3·n. Without Newton steps there, the passes
    // crawled: 50,259 passes for this path (889 with them).
    const fit = wideEnetPath(1, 40, 400, 1e-3);
    expect(Math.max(...fit.df)).toBeGreaterThan(1.5 * 40);
    expect(fit.passes).toBeLessThan(5000);
  });

  it.each([
    ['Lasso', 1],
    ['Elastic Net', 0.5],
  ])('unpenalized columns take Newton steps as penalized ones do: a 100 × 1,000 ρ 0.9 %s path with three converges, KKT holds, in at most twice the passes of its twin whose three carry a factor of 0.5', (_name, l1Ratio) => {
    // Without Newton steps, damped steps and corrected dual points for problems with an unpenalized
    // coordinate, such paths took 966,123 (Lasso) and 183,178 (l1Ratio 0.5) passes, 232 and 372 for
    // the twins (bench data, seed 99).
    const p = 1000;
    const { X, y } = equicorrelatedRows(31, 100, p);
    const factors = (first: number) => Array.from({ length: p }, (_, j) => (j < 3 ? first : 1));
    const passes = (fit: { nIter: Int32Array }) => fit.nIter.reduce((a, v) => a + v, 0);
    const opts = { l1Ratio, nAlphas: 100, eps: 1e-2 };
    const fit = enetPath(X, y, { ...opts, penaltyFactor: factors(0) });
    const twin = enetPath(X, y, { ...opts, penaltyFactor: factors(0.5) });
    expect(fit.converged.every(Boolean)).toBe(true);
    const pr = prep({ X, y, standardize: true, positive: false, penaltyFactor: factors(0) });
    const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
    fit.alphas.forEach((alpha, k) => {
      const beta = Float64Array.from(fit.coef[k], (b, j) => b * pr.xScale[j]);
      expect(kktResidual(pr, beta, alpha, l1Ratio)).toBeLessThanOrEqual(2 * fit.dualGap[k] + 1e-12 * nullObjective);
    });
    expect(passes(fit)).toBeLessThanOrEqual(2 * passes(twin));
  });

  it('an Elastic Net with l1Ratio just under 1 on one column repeated up to sign (2 rows, standardized) converges in few passes: damped steps where its ridge system is singular', () => {
    // λ2 ≈ 1e-9·α: X_SᵀX_S + Λ2 on two copies of a column has a pivot ~1e-12 of its diagonal, so
    // neither it nor X_SᵀX_S gave a step, and cold single fits moved the mass from the columns the
    // passes visit first to the one with the smallest penalty factor by passes: 24,522 in all (one
    // fit 19,109); 1,303 with damped steps.
    let total = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const rand = createRng(seed);
      const p = 40;
      const X = Array.from({ length: 2 }, () => Array.from({ length: p }, () => rand() - 0.5));
      const y = [rand(), rand() + 1];
      const penaltyFactor = Array.from({ length: p }, () => 0.5 + rand());
      for (const positive of [false, true]) {
        const l1Ratio = 1 - 1e-9;
        const opts = { l1Ratio, penaltyFactor, positive };
        const alpha = 1e-3 * enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax;
        const fit = elasticNet(X, y, { ...opts, alpha, maxIter: 20_000 });
        expect(fit.converged).toBe(true);
        const pr = prep({ X, y, standardize: true, positive, penaltyFactor });
        const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
        const beta = Float64Array.from(fit.coef, (b, j) => b * pr.xScale[j]);
        expect(kktResidual(pr, beta, alpha, l1Ratio)).toBeLessThanOrEqual(2 * fit.dualGap + 1e-12 * nullObjective);
        total += fit.nIter;
      }
    }
    expect(total).toBeLessThan(3000);
  });

  it('naive and covariance updates, with and without screening, acceleration and SIMD kernels, reach the same objective', () => {
    fc.assert(
      fc.property(problem, (c) => {
        const alpha = c.alphaFrac * 0.1;
        const variants = (['naive', 'covariance'] as const).flatMap((updateMode) =>
          [true, false].flatMap((screening) =>
            [true, false].flatMap((acceleration) => [true, false].map((simd) => ({ updateMode, screening, acceleration, simd }))),
          ),
        );
        const pr = prep(c);
        const tol = 1e-9;
        const values = variants.flatMap(({ simd, ...v }) => {
          setSimd(simd);
          let path;
          try {
            path = enetPath(c.X, c.y, { ...c, ...v, alphas: [alpha * 4, alpha * 2, alpha], tol, maxIter: 100_000 });
          } finally {
            setSimd(true);
          }
          if (!path.converged[2]) return [];
          return [kernelObjective(pr, path.coef[2].map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio)];
        });
        expect(values.length, 'at least the default and one other variant converge').toBeGreaterThanOrEqual(2);
        const best = Math.min(...values);
        // Each converged variant stopped at gap ≤ tol·objective + 1000·ε·(null objective).
        const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
        const bound = tol * Math.max(...values) + 1e2 * EPS * nullObjective + 1e-12 * nullObjective;
        values.forEach((v) => expect(v - best).toBeLessThanOrEqual(bound));
      }),
      { numRuns: 100, examples: [[PINNED_UNPENALIZED_INTERPOLATING]] },
    );
  });

  // A check bounds the products it can (|x_jᵀθ| ≤ |x_jᵀv₀| + ‖x_j‖·‖θ − v₀‖) and sweeps only the
  // rest of X: the path must be what exact checks give — every point's gap bounds its distance from
  // a covariance-mode solve (which never bounds) and its coordinate-wise KKT residual.
  it.each([
    ['Lasso', { l1Ratio: 1 }],
    ['Elastic Net with penalty factors and weights, standardized', { l1Ratio: 0.5, penaltyFactor: true, weights: true, standardize: true }],
    ['positive Lasso', { l1Ratio: 1, positive: true }],
  ])('a wide residual path whose checks skip bounded columns is the path exact checks give: %s', (_name, v: { l1Ratio: number; penaltyFactor?: boolean; weights?: boolean; standardize?: boolean; positive?: boolean }) => {
    const rand = createRng(57);
    const n = 60;
    const p = 1500;
    const X = Array.from({ length: n }, () => {
      const shared = rand() - 0.5;
      return Array.from({ length: p }, () => rand() - 0.5 + 0.3 * shared);
    });
    const y = X.map((r) => 2 * r[0] - r[1] + r[7] + 0.5 * r[30] + 0.5 * (rand() - 0.5));
    const c = {
      X,
      y,
      l1Ratio: v.l1Ratio,
      standardize: v.standardize ?? false,
      positive: v.positive ?? false,
      penaltyFactor: v.penaltyFactor ? Array.from({ length: p }, (_, j) => 0.5 + (j % 5) * 0.25) : undefined,
      weights: v.weights ? Array.from({ length: n }, () => 0.2 + rand()) : undefined,
    };
    const opts = { ...c, nAlphas: 40, eps: 1e-2, tol: 1e-8, maxIter: 100_000 };
    const gemvT = Workspace.prototype.gemvT;
    let fullSweeps = 0;
    Workspace.prototype.gemvT = function (this: Workspace, ...args: Parameters<typeof gemvT>) {
      if (args[4] === p) fullSweeps++;
      return gemvT.apply(this, args);
    };
    let path;
    try {
      path = enetPath(X, y, { ...opts, updateMode: 'naive' });
    } finally {
      Workspace.prototype.gemvT = gemvT;
    }
    // Fewer sweeps of all of X than α's: most checks read only the columns they could not bound.
    expect(fullSweeps).toBeLessThan(path.alphas.length);
    const reference = enetPath(X, y, { ...opts, updateMode: 'covariance', tol: 1e-12 });
    const pr = prep(c);
    const nullObjective = 0.5 * pr.kernel.y.reduce((a, b) => a + b * b, 0);
    const floor = 1e2 * EPS * nullObjective + 1e-12 * nullObjective;
    path.alphas.forEach((alpha, k) => {
      expect(path.converged[k]).toBe(true);
      const beta = path.coef[k].map((b, j) => b * pr.xScale[j]);
      const objective = kernelObjective(pr, beta, alpha, c.l1Ratio);
      const best = kernelObjective(pr, reference.coef[k].map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio);
      expect(objective - best).toBeLessThanOrEqual(path.dualGap[k] + floor);
      expect(path.dualGap[k]).toBeLessThanOrEqual(1e-8 * objective * 1.000001 + 1e2 * EPS * nullObjective);
      expect(kktResidual(pr, beta, alpha, c.l1Ratio)).toBeLessThanOrEqual(2 * path.dualGap[k] + floor);
    });
  });
});

/**
 * Wider random problems than `problem`: up to 80 × 120, no intercept, column scales 1e-5 … 1e5,
 * offsets of 1000 and −50, constant and repeated columns, unpenalized ones, every update mode and
 * switch. The twenty-seventh and twenty-eighth sessions' searches over these (tens of thousands of
 * runs) found false certificates, a refused fold, a constant column fitted and slow fits.
 */
const wideRecord = fc.record({
    n: fc.integer({ min: 2, max: 80 }),
    p: fc.integer({ min: 1, max: 120 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    l1Ratio: fc.oneof(fc.constant(1), fc.constant(0.01), fc.double({ min: 0.05, max: 1, noNaN: true })),
    alphaFrac: fc.double({ min: 1e-4, max: 1, noNaN: true }),
    positive: fc.boolean(),
    standardize: fc.boolean(),
    fitIntercept: fc.boolean(),
    weighted: fc.boolean(),
    free: fc.double({ min: 0, max: 0.3, noNaN: true }),
    shared: fc.double({ min: 0, max: 3, noNaN: true }),
    dup: fc.integer({ min: 0, max: 5 }),
    spread: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })),
    shift: fc.oneof(fc.constant(0), fc.constant(1e3), fc.constant(-50)),
    constCol: fc.boolean(),
    updateMode: fc.constantFrom('auto', 'naive', 'covariance'),
    screening: fc.boolean(),
    acceleration: fc.boolean(),
    alphaKernel: fc.boolean(),
    warm: fc.boolean(),
  });

/** The problem of one of `wideRecord`'s records (deterministic for it). */
function wideProblem(r: typeof wideRecord extends fc.Arbitrary<infer T> ? T : never) {
    let s = r.seed;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32 - 0.5;
    };
    const scales = Array.from({ length: r.p }, () => 10 ** (2 * rand() * r.spread));
    const X = Array.from({ length: r.n }, () => {
      const sh = rand() * r.shared;
      const row = Array.from({ length: r.p }, (_, j) => (rand() < -0.3 ? 0 : (rand() + sh) * scales[j] + r.shift));
      for (let d = 0; d < Math.min(r.dup, r.p - 1); d++) row[r.p - 1 - d] = row[d];
      if (r.constCol) row[0] = 3.7;
      return row;
    });
    const y = X.map((row) => row.reduce((a, v, j) => a + (j % 4 === 0 ? v / scales[j] : 0), 0) + 0.3 * rand() + r.shift);
    const weights = r.weighted ? X.map(() => 0.1 + rand() + 0.5) : undefined;
    const penaltyFactor = r.free > 0 ? Array.from({ length: r.p }, () => (rand() + 0.5 < r.free ? 0 : 0.5 + rand() + 0.5)) : undefined;
    return { ...r, X, y, weights, penaltyFactor };
}

const wide = wideRecord.map(wideProblem);

describe('solver properties on wider random problems (offsets, scales, no intercept, every switch)', () => {
  it('paths with every option converge or report maxIter with KKT ≤ 2·gap; CSC and statistics agree within the gaps; a loose single fit is within its gap of a tight one', () => {
    fc.assert(
      fc.property(wide, (c) => {
        const tol = 1e-8;
        const maxIter = 20_000;
        const { X: _X, y: _y, ...rest } = c;
        const opts = { ...rest, nAlphas: 6, eps: 1e-3, tol, maxIter };
        const path = enetPath(c.X, c.y, opts);
        const pr = prep(c);
        const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
        const floor = 1e-11 * nullObjective;
        path.alphas.forEach((alpha, k) => {
          const beta = path.coef[k].map((b, j) => b * pr.xScale[j]);
          const objective = kernelObjective(pr, beta, alpha, c.l1Ratio);
          expect(path.dualGap[k]).toBeGreaterThanOrEqual(0);
          if (path.converged[k]) expect(path.dualGap[k], `gap k ${k}`).toBeLessThanOrEqual(tol * objective * 1.000001 + 1e2 * EPS * nullObjective);
          else expect(path.nIter[k]).toBe(maxIter);
          expect(kktResidual(pr, beta, alpha, c.l1Ratio), `kkt k ${k}`).toBeLessThanOrEqual(2 * path.dualGap[k] + floor);
        });
        const sparse = enetPath(cscFromDense(toDenseMatrix(c.X)), c.y, { ...opts, alphas: path.alphas });
        path.alphas.forEach((alpha, k) => {
          const a = kernelObjective(pr, path.coef[k].map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio);
          const b = kernelObjective(pr, sparse.coef[k].map((v, j) => v * pr.xScale[j]), alpha, c.l1Ratio);
          if (path.converged[k] && sparse.converged[k]) expect(Math.abs(a - b), `sparse k ${k}`).toBeLessThanOrEqual(path.dualGap[k] + sparse.dualGap[k] + floor);
        });
        const stats = enetPathFromStats(sufficientStats(c.X, c.y, { weights: c.weights }), { ...opts, alphas: path.alphas });
        path.alphas.forEach((alpha, k) => {
          const a = kernelObjective(pr, path.coef[k].map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio);
          const b = kernelObjective(pr, stats.coef[k].map((v, j) => v * pr.xScale[j]), alpha, c.l1Ratio);
          if (path.converged[k] && stats.converged[k]) expect(Math.abs(a - b), `stats k ${k}`).toBeLessThanOrEqual(path.dualGap[k] + stats.dualGap[k] + 10 * floor);
        });
        const k = path.alphas.length - 1;
        const alpha = path.alphas[k] * (0.5 + c.alphaFrac);
        const init = c.warm ? { coef: path.coef[k], intercept: path.intercept[k] } : undefined;
        const tight = elasticNet(c.X, c.y, { ...rest, alpha, tol: 1e-13, maxIter: 100_000, init });
        const loose = elasticNet(c.X, c.y, { ...rest, alpha, tol: 1e-4, maxIter: 100_000, init });
        const ot = kernelObjective(pr, tight.coef.map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio);
        const ol = kernelObjective(pr, loose.coef.map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio);
        if (tight.converged && loose.converged) expect(ol - ot, 'loose within its gap').toBeLessThanOrEqual(loose.dualGap + floor);
        expect(kktResidual(pr, tight.coef.map((b, j) => b * pr.xScale[j]), alpha, c.l1Ratio), 'tight kkt').toBeLessThanOrEqual(2 * tight.dualGap + floor);
        if (!tight.converged && c.acceleration) throw new Error(`tight unconverged gap ${tight.dualGap}`);
      }),
      { numRuns: 60, seed: 20261206 },
    );
  });

  it.each([
    [9, 118, 576851537, 0.0054877589484243735, 'naive'],
    [30, 81, 2095563173, 0.2625875174283368, 'auto'],
  ] as const)('a positive Lasso on columns of 1000 ± 0.5 or 0 without an intercept (%i × %i) converges at every α', (n, p, seed, alphaFrac, updateMode) => {
    // fast-check's counterexamples. Their passes spread β over more columns than rows, where the
    // Lasso had no step at all (no damped step past 1.5·n: one α took 15,481 passes); then, once
    // damped steps stopped halving the gap — or MAX_CHECK_NEWTON of them had been taken — none
    // again for the rest of the α: the 9 × 118 path stopped at maxIter with gaps of 270 and 120 on
    // its last two α's, the 30 × 81 one on its last (damped steps converging linearly). Damped
    // steps now come in the n×n form, and again once the passes since the last one have cost a
    // fresh system.
    const c = wideProblem({ n, p, seed, l1Ratio: 1, alphaFrac, positive: true, standardize: false, fitIntercept: false, weighted: false, free: 0, shared: 0, dup: 3, spread: 0, shift: 1000, constCol: false, updateMode, screening: false, acceleration: true, alphaKernel: false, warm: false });
    const path = enetPath(c.X, c.y, { ...c, nAlphas: 6, eps: 1e-3, tol: 1e-8, maxIter: 20_000 });
    expect(path.converged.every(Boolean), Array.from(path.nIter).join(', ')).toBe(true);
    const pr = prep(c);
    const nullObjective = 0.5 * pr.kernel.y.reduce((a, v) => a + v * v, 0);
    path.alphas.forEach((alpha, k) => expect(kktResidual(pr, path.coef[k].map((b, j) => b * pr.xScale[j]), alpha, 1)).toBeLessThanOrEqual(2 * path.dualGap[k] + 1e-12 * nullObjective));
  });
});
