import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

// What the ClickHouse and PostgreSQL tests of the built binary share (pnpm build first).
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export type Run = (args: string[], env?: Record<string, string>) => Promise<{ code: number | null; stdout: string; stderr: string }>;

/** Runs the built CLI in `dir` (asynchronously: the servers under test answer meanwhile). */
export function binary(dir: string): Run {
  return (args, env = {}) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}

/**
 * Runs the built CLI and sends it SIGINT (a user's Ctrl-C) once `ready()` says its work has begun
 * (polled every 100 ms; a fixed delay raced the CLI's own start on a loaded machine).
 */
export function interrupted(dir: string, args: string[], ready: () => Promise<boolean>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let closed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const poll = async () => {
      while (!closed && !(await ready())) await new Promise((done) => setTimeout(done, 100));
      if (!closed) child.kill('SIGINT');
    };
    void poll();
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal, stderr });
    });
  });
}

/** The Auto-MPG fit every server test makes (missing horsepower dropped). */
export const SPEC = ['--target', 'mpg', '--features', 'cylinders,displacement,horsepower,weight,acceleration,model_year', '--categorical', 'cylinders', '--missing', 'drop'];

/**
 * `fit` at an alpha from a server's `cars` table equals the in-memory fit of the same CSV: the
 * features, the recipe, the coefficients (1e-8), the source named, the rows counted and dropped.
 */
export async function expectFitLikeCsv(run: Run, server: string[], csv: string, expected: { source: string; engine: string }): Promise<void> {
  const [fromServer, inMemory] = await Promise.all([run(['fit', ...server, '--table', 'cars', ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json']), run(['fit', csv, ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json'])]);
  expect(fromServer.code, fromServer.stderr).toBe(0);
  const a = JSON.parse(fromServer.stdout);
  const b = JSON.parse(inMemory.stdout);
  expect(a.featureNames).toEqual(b.featureNames);
  expect(a.preprocessing.recipe).toEqual(b.preprocessing.recipe);
  a.coef.forEach((v: number, j: number) => expect(Math.abs(v - b.coef[j])).toBeLessThan(1e-8 * (1 + Math.abs(b.coef[j]))));
  expect(a.training.source).toBe(expected.source);
  expect(fromServer.stderr).toMatch(new RegExp(`392 rows read by ${expected.engine}`));
  expect(fromServer.stderr).toMatch(/dropped 6 rows with missing horsepower/);
}

/** `cv` over a --sql query of American cars, 4 folds from a column the server computes. */
export async function expectCvOverSql(run: Run, server: string[], engine: string): Promise<void> {
  const r = await run(['cv', ...server, '--sql', 'SELECT *, model_year % 4 AS fold FROM cars WHERE origin = 1', ...SPEC, '--fold-column', 'fold']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^4-fold CV \(MSE\)/);
  expect(r.stderr).toMatch(new RegExp(`245 rows read by ${engine} \\(folds from column "fold"\\)`));
}
