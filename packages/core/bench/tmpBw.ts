import { Workspace } from '../src/internal.js';
const [n, p] = (process.argv[2] ?? "500x20000").split("x").map(Number);
const ws = Workspace.create(n * p + n + p + 64);
const X = ws.alloc(n * p); for (let i = 0; i < X.length; i++) X[i] = Math.sin(i);
const v = ws.alloc(n); v.fill(0.5); const out = ws.alloc(p);
const src = new Float64Array(n * p); const dst = new Float64Array(n * p);
for (let r = 0; r < 3; r++) ws.gemvT(X, v, out, n, p);
const t = []; for (let r = 0; r < 20; r++) { const a = performance.now(); ws.gemvT(X, v, out, n, p); t.push(performance.now() - a); }
const c = []; for (let r = 0; r < 20; r++) { const a = performance.now(); dst.set(src); c.push(performance.now() - a); }
let s = 0; const rd = []; for (let r = 0; r < 10; r++) { const a = performance.now(); for (let i = 0; i < src.length; i += 8) s += src[i]; rd.push(performance.now() - a); }
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
console.log('gemvT ms', med(t).toFixed(2), 'GB/s', (8 * n * p / med(t) / 1e6).toFixed(1), '| copy ms', med(c).toFixed(2), 'GB/s (r+w)', (16 * n * p / med(c) / 1e6).toFixed(1), '| strided read (1 per line) ms', med(rd).toFixed(2), s > 0 ? '' : ' ');
