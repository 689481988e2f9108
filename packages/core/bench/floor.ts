/**
 * `pnpm --filter @lassokit/core bench:floor`: how far each shape of the matrix is from the memory
 * bandwidth floor. Measures this machine's copy bandwidth (a STREAM-like triad a = b + s·c over
 * 3 × 64 MiB, best of 5) and the SIMD dot kernel's read bandwidth in the same run, then per shape
 * (ρ 0.5, dense signal, Lasso, scikit-learn's grid): the path time, X's size, and the path in
 * units of "one read of X at triad bandwidth" — the least any solver must spend. For n > p shapes
 * (Gram mode) it also splits the path into building the statistics (X read once: means, XᵀX, Xᵀy)
 * (`sufficientStats`) and the path from them (`enetPathFromStats`), whose share of the whole path is
 * the time spent after the Gram, and rates the statistics' arithmetic (n·p²/2 multiply-adds of the Gram)
 * against the Gram kernel's own rate on an X that stays in the caches. It also times the first touch
 * of fresh memory (page faults), which a first call in a process pays on every array it makes.
 * Prints; asserts nothing.
 */
import { alphaGrid, enetPath, enetPathFromStats, sufficientStats } from '../dist/index.js';
import { Workspace } from '../dist/internal.js';
import { gramColumns } from '../dist/solver/gramColumn.js';
import { GROUP } from '../dist/solver/LazyGram.js';
import { PAD } from '../dist/wasm/Workspace.js';
import { host, type WasmApi } from '../dist/wasm/kernelModule.js';
import { generate } from './designs.js';
import { median } from './measure.js';

/** A lower triangle of XᵀX for a random n×p X in a workspace, eight columns per sweep, as `LazyGram` fills one. */
function fullGram(n: number, p: number): () => void {
  const room = Workspace.create(n * p + PAD + (GROUP + 1) * (p + PAD));
  const X = room.alloc(n * p);
  for (let i = 0; i < n * p; i++) X[i] = Math.sin(i);
  const cols = room.allocInt(p);
  const outs = Array.from({ length: GROUP }, () => room.alloc(p));
  return () => {
    for (let j = 0; j < p; j += GROUP) {
      const group = Array.from({ length: Math.min(GROUP, p - j) }, (_, q) => j + q);
      for (let k = j; k < p; k++) cols[k - j] = k;
      gramColumns(room, X, n, group, cols, p - j, outs);
    }
  };
}

const SHAPES: readonly [number, number][] = [[200, 50], [1000, 100], [5000, 100], [20_000, 50], [100_000, 20], [10_000, 1000], [100, 1000], [100, 10_000], [500, 20_000], [2000, 5000]];

function best(fn: () => void, runs = 5): number {
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1000);
  }
  return Math.min(...t);
}

// Triad over arrays far larger than the caches.
const N = 8 * 1024 * 1024;
const a = new Float64Array(N);
const b = new Float64Array(N).fill(1);
const c = new Float64Array(N).fill(2);
const triad = best(() => {
  for (let i = 0; i < N; i++) a[i] = b[i] + 3 * c[i];
});
const triadGBs = (24 * N) / triad / 1e9;
// The SIMD dot kernel reading two 64 MiB vectors.
const ws = Workspace.create(2 * N + 16);
const u = ws.alloc(N).fill(1);
const v = ws.alloc(N).fill(2);
const dotS = best(() => void ws.dot(u, 0, v, 0, N));
const dotGBs = (16 * N) / dotS / 1e9;
console.log(`triad (TypeScript loop) ${triadGBs.toFixed(1)} GB/s; SIMD dot kernel ${dotGBs.toFixed(1)} GB/s read (simd ${ws.simd})`);
// The first touch of fresh memory: a page fault per 4 KiB, which a first call pays on each array it
// makes (its copy of X, the Gram, the factors) and a warm one does not (its memories are pooled).
// One write per page of a new 64 MiB WebAssembly memory each run (never a reused one).
const wasm = host.WebAssembly as WasmApi;
const touchS = best(() => {
  const fresh = new Float64Array(new wasm.Memory({ initial: 1024, maximum: 1024 }).buffer);
  for (let i = 0; i < fresh.length; i += 512) fresh[i] = 1;
});
const touchMsPerMB = (1000 * touchS) / 64;
console.log(`first touch of fresh memory ${touchMsPerMB.toFixed(2)} ms per MiB (${((1e6 * touchS) / 16384).toFixed(1)} µs a page; reading that MiB at triad bandwidth: ${((1000 * 2 ** 20) / (triadGBs * 1e9)).toFixed(3)} ms)`);
// The Gram's other floor is arithmetic: n·p²/2 multiply-adds (one triangle). Its rate on an X that
// stays in the caches (1,000 × 1,000 doubles: 8 MB, within the 32 MB L3 of the machine it was written
// on; a sweep's chunk of columns, ~1 MB, within its L2) is the most the
// kernel gives; an n > p shape's statistics are held to it.
const gramMulAdds = (n: number, p: number) => (n * p * p) / 2;
const gram1000 = fullGram(1000, 1000);
const peak = gramMulAdds(1000, 1000) / best(gram1000) / 1e9;
console.log(`Gram kernel, X in the caches (1,000 × 1,000, columns eight at a time as the solver asks): ${peak.toFixed(2)} G multiply-adds/s`);
console.log(`${'shape'.padEnd(12)} | path s   X MB  path / one read of X | passes | n>p: statistics s (G mul-add/s, share of in-cache)  path from them s  share of the path after the Gram`);
for (const [n, p] of SHAPES) {
  const { X, y } = generate(n, p, { kind: 'equi', rho: 0.5 }, 'dense', 3);
  // l1Ratio 1, the Lasso, as the header says (enetPath's default is the Elastic Net's 0.5).
  const opts = { fitIntercept: false, standardize: false, l1Ratio: 1 };
  const grid = alphaGrid(enetPath(X, y, { ...opts, nAlphas: 1 }).alphaMax, 100, 1e-3);
  const runs = n * p > 1e6 ? 1 : 5;
  enetPath(X, y, { ...opts, alphas: grid });
  const times: number[] = [];
  let passes = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const path = enetPath(X, y, { ...opts, alphas: grid });
    times.push((performance.now() - t0) / 1000);
    passes = path.nIter.reduce((s, k) => s + k, 0);
  }
  const pathS = median(times);
  const bytes = 8 * n * p;
  const reads = pathS / (bytes / (triadGBs * 1e9));
  let gram = '';
  if (n > p) {
    const statsS = best(() => void sufficientStats(X, y), runs);
    const stats = sufficientStats(X, y);
    // Best of five even where the path ran once: the first call from statistics also compiles that
    // route (a single run read 94 ms on 10,000 × 1,000 where warm ones take ~60).
    const fromS = best(() => void enetPathFromStats(stats, { ...opts, alphas: grid }), Math.max(runs, 5));
    // The share of the path spent after its Gram: the path from statistics over the whole path.
    const rate = gramMulAdds(n, p) / statsS / 1e9;
    gram = `${statsS.toFixed(4).padStart(10)} (${rate.toFixed(2)}, ${((100 * rate) / peak).toFixed(0).padStart(3)} %)  ${fromS.toFixed(4).padStart(10)}  ${((100 * fromS) / pathS).toFixed(1).padStart(6)} %`;
  }
  console.log(`${`${n}×${p}`.padEnd(12)} | ${pathS.toFixed(4).padStart(7)} ${(bytes / 1e6).toFixed(1).padStart(6)} ${reads.toFixed(1).padStart(10)} × | ${String(passes).padStart(6)} | ${gram}`);
}
