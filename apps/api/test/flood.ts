/**
 * The flood scenario of the latency test (`latency.load.test.ts`): `clients` clients post
 * maximal bodies (just under the body limit) to POST /v1/models in a loop while two probes time
 * GET /health and a one-row predict, one request after another.
 */

export interface FloodOptions {
  readonly url: string;
  /** Bytes of each posted body (just under the server's body limit). */
  readonly bodyBytes: number;
  readonly clients: number;
  readonly durationMs: number;
}

export interface FloodResult {
  readonly health: LatencySummary;
  readonly predict: LatencySummary;
  /** Responses to the flood's posts, by status. */
  readonly statuses: Record<number, number>;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

const CAR = { cylinders: 4, displacement: 120, horsepower: 90, weight: 2500, acceleration: 16, model_year: 78 };

/** A fit request of about `bytes` bytes that parses as JSON and fails validation only at its last field. */
export function maximalBody(bytes: number): string {
  const row = '[1,2,3,4,5,6,7,8],';
  const rows = row.repeat(Math.floor((bytes - 200) / row.length)).slice(0, -1);
  return `{"target":"y","data":{"columns":["y","a","b","c","d","e","f","g"],"rows":[${rows}]},"l1Ratio":5}`;
}

function summarize(ms: number[]): LatencySummary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

async function probe(until: number, request: () => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  while (performance.now() < until) {
    const t = performance.now();
    const res = await request();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`probe answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

/** Runs the flood (or, with clients = 0, only the probes) and summarizes the probes' latencies. */
export async function flood({ url, bodyBytes, clients, durationMs }: FloodOptions): Promise<FloodResult> {
  const body = maximalBody(bodyBytes);
  const until = performance.now() + durationMs;
  const statuses: Record<number, number> = {};
  const posters = Array.from({ length: clients }, async () => {
    while (performance.now() < until) {
      const res = await fetch(`${url}/v1/models`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  });
  const predictBody = JSON.stringify({ rows: [CAR] });
  const [health, predict] = await Promise.all([
    probe(until, () => fetch(`${url}/health`)),
    probe(until, () => fetch(`${url}/v1/models/auto-mpg/predict`, { method: 'POST', body: predictBody, headers: { 'Content-Type': 'application/json' } })),
    ...posters,
  ]);
  return { health: summarize(health as number[]), predict: summarize(predict as number[]), statuses };
}
