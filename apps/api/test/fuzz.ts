/**
 * Randomized requests for the fuzz test: valid request shapes mutated field by field, malformed
 * and truncated JSON, wrong methods and media types, odd paths, hostile names and values — all
 * from a seeded generator, so a failure can be replayed from its seed and index.
 */

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: readonly unknown[] = [null, '', ' ', 'NaN', 'Infinity', '-1e999', 1e308, -1e308, 5e-324, 0, -0, -1, 2 ** 53 + 1, '3,504', 'x'.repeat(300), '__proto__', 'constructor', '💥', '\u0000', true, [], {}, [1, [2]], { __proto__: 1 }];
const NAMES: readonly string[] = ['y', 'a', 'b', 'k', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', 'ä', 'a.b', 'a,b', '"q"'];
const CAR = { cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 };

export function fuzzRequests(seed: number, count: number, modelIds: () => readonly string[]): Generator<FuzzRequest> {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;

  const odd = (): unknown => pick(ODD_VALUES);
  const cell = (): unknown => (chance(0.8) ? Math.round((r() - 0.5) * 100) / 10 : chance(0.5) ? pick(['u', 'v', 'w']) : odd());

  function table(): unknown {
    const cols = 2 + Math.floor(r() * 3);
    const columns = chance(0.9) ? ['y', 'a', 'b', 'k'].slice(0, cols) : Array.from({ length: cols }, () => pick(NAMES));
    const n = Math.floor(r() * 25);
    const rows = Array.from({ length: n }, (_, i) => columns.map((c, j) => (c === 'k' ? pick(['u', 'v', 'w', '__proto__']) : chance(0.97) ? (j === 0 ? i % 7 : Math.round(r() * 20)) : cell())));
    if (chance(0.2)) return { csv: [columns.join(','), ...rows.map((row) => row.map(String).join(','))].join(pick(['\n', '\r\n'])) };
    if (chance(0.05)) rows.push([1]);
    return { columns, rows };
  }

  function spec(kind: 'fit' | 'path' | 'cv'): Record<string, unknown> {
    const body: Record<string, unknown> = { data: table(), target: chance(0.9) ? 'y' : pick(NAMES) };
    if (chance(0.3)) body.features = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(['a', 'b', 'k', 'y', '__proto__']));
    if (chance(0.3)) body.categorical = chance(0.7) ? ['k'] : [pick(NAMES)];
    if (chance(0.2)) body.missing = pick(['error', 'drop', 'mean', 'median', 'nope']);
    if (chance(0.2)) body.l1Ratio = chance(0.7) ? r() : odd();
    if (chance(0.1)) body.standardize = chance(0.8) ? chance(0.5) : odd();
    if (chance(0.1)) body.positive = chance(0.5);
    if (kind === 'fit') {
      if (chance(0.6)) body.alpha = chance(0.8) ? r() : odd();
      else if (chance(0.5)) body.cv = { folds: pick([2, 3, 5, 1, 101, 'x']), seed: pick([0, 1, -1]) };
      if (chance(0.2)) body.name = chance(0.8) ? 'fuzz' : odd();
    }
    if (kind === 'path' && chance(0.5)) body.nAlphas = pick([1, 5, 20, 0, 1001, 2.5]);
    if (kind === 'path' && chance(0.2)) body.alphas = [pick([1, 0.1, -1, 0]), 0.01];
    if (kind === 'cv') body.folds = pick([2, 3, 4, 1, 0, 'x']);
    if (chance(0.1)) body[pick(['extra', '__proto__', 'constructor'])] = odd();
    if (chance(0.1)) delete body[pick(Object.keys(body))];
    return body;
  }

  function predictBody(): unknown {
    const rows = Array.from({ length: Math.floor(r() * 4) }, () => {
      const row: Record<string, unknown> = { ...CAR };
      if (chance(0.3)) row[pick(Object.keys(CAR))] = odd();
      if (chance(0.1)) delete row[pick(Object.keys(CAR))];
      if (chance(0.1)) row[pick(NAMES)] = cell();
      return row;
    });
    return chance(0.95) ? { rows } : pick([rows, { rows: 'x' }, null, 1]);
  }

  function text(value: unknown): string {
    const json = JSON.stringify(value) ?? 'null';
    if (chance(0.04)) return json.slice(0, Math.floor(r() * json.length));
    if (chance(0.02)) return `${json}}`;
    return json;
  }

  function* generate(): Generator<FuzzRequest> {
    for (let i = 0; i < count; i++) {
      const ids = modelIds();
      const id = chance(0.7) && ids.length > 0 ? pick(ids) : chance(0.5) ? 'auto-mpg' : pick(['nope', '%2e%2e', 'a'.repeat(300), '__proto__', '💥']);
      const json = { 'Content-Type': chance(0.95) ? 'application/json' : pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', '']) };
      const roll = r();
      let req: FuzzRequest;
      if (roll < 0.25) req = { method: 'POST', path: `/v1/models/${encodeURIComponent(id)}/predict`, headers: json, body: text(predictBody()) };
      else if (roll < 0.45) req = { method: 'POST', path: '/v1/models', headers: json, body: text(spec('fit')) };
      else if (roll < 0.55) req = { method: 'POST', path: '/v1/path', headers: json, body: text(spec('path')) };
      else if (roll < 0.62) req = { method: 'POST', path: '/v1/cv', headers: json, body: text(spec('cv')) };
      else if (roll < 0.72) req = { method: 'GET', path: pick(['/health', '/v1/models', `/v1/models?limit=${pick([1, 100, 0, 101, -1, 'x'])}&offset=${pick([0, 5, -1, 'y'])}`, `/v1/models/${encodeURIComponent(id)}`, '/openapi.json', '/docs']), headers: {} };
      else if (roll < 0.78) req = { method: 'DELETE', path: `/v1/models/${encodeURIComponent(id)}`, headers: {} };
      else if (roll < 0.88) req = { method: pick(['PUT', 'PATCH', 'DELETE', 'GET', 'POST', 'OPTIONS', 'HEAD']), path: pick(['/v1/models', '/v1/path', '/health', '/v1/models/x/predict', '/v2/x', '/', '/v1/models/%ff', '/docs/assets/..%2fpackage.json']), headers: json, body: chance(0.5) ? text(spec('fit')) : undefined };
      else req = { method: 'POST', path: pick(['/v1/models', '/v1/path', '/v1/cv', '/v1/stability', '/v1/models/auto-mpg/predict']), headers: json, body: pick(['', '{', '[]', 'null', '"x"', '{"data":', '{"rows":[{}]}', `{"target":"y","data":{"csv":"${'y,a\\\\n'.repeat(50)}"}}`, text(odd())]) };
      if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') req = { ...req, body: undefined };
      yield req;
    }
  }
  return generate();
}
