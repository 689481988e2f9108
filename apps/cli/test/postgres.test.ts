import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, startPostgres, type PostgresServers } from '@lassokit/testing/postgres';

// The built binary against a PostgreSQL server the test starts (Debian's postgresql).
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lassokit-cli-postgres-'));
let server: PostgresServers;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const csv = join(dir, 'auto.csv');
const SPEC = ['--target', 'mpg', '--features', 'cylinders,displacement,horsepower,weight,acceleration,model_year', '--categorical', 'cylinders', '--missing', 'drop'];

beforeAll(async () => {
  server = await startPostgres(1);
  const text = (await run(['data', 'auto-mpg'])).stdout;
  writeFileSync(csv, text);
  const [, ...lines] = text.trim().split('\n');
  // Missing horsepower is an empty field: NULL; car names are quoted text.
  const values = lines.map((l) => {
    const fields = l.split(',');
    const name = fields.slice(8).join(',');
    return `(${fields.slice(0, 8).map((v) => (v === '' ? 'NULL' : v)).join(', ')}, '${name.replace(/^"|"$/g, '').replace(/'/g, "''")}')`;
  });
  await sql(
    server.urls[0],
    `CREATE TABLE cars (mpg double precision, cylinders integer, displacement double precision, horsepower double precision, weight double precision, acceleration double precision, model_year integer, origin integer, car_name text);
     INSERT INTO cars VALUES ${values.join(',\n')};`,
  );
}, 60_000);

afterAll(() => server?.stop());

describe('lassokit on PostgreSQL (--postgres-url with --table or --sql)', () => {
  it('fit at an alpha from the table equals the in-memory fit of the CSV', async () => {
    const [fromPostgres, inMemory] = await Promise.all([run(['fit', '--postgres-url', server.urls[0], '--table', 'cars', ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json']), run(['fit', csv, ...SPEC, '--alpha', '0.05', '--tol', '1e-12', '--json'])]);
    expect(fromPostgres.code, fromPostgres.stderr).toBe(0);
    const a = JSON.parse(fromPostgres.stdout);
    const b = JSON.parse(inMemory.stdout);
    expect(a.featureNames).toEqual(b.featureNames);
    expect(a.preprocessing.recipe).toEqual(b.preprocessing.recipe);
    a.coef.forEach((v: number, j: number) => expect(Math.abs(v - b.coef[j])).toBeLessThan(1e-8 * (1 + Math.abs(b.coef[j]))));
    expect(a.training.source).toBe('postgres cars');
    expect(fromPostgres.stderr).toMatch(/392 rows read by PostgreSQL/);
    expect(fromPostgres.stderr).toMatch(/dropped 6 rows with missing horsepower/);
  });

  it('cv over a --sql query, folds from a column computed by the server', async () => {
    const r = await run(['cv', '--postgres-url', server.urls[0], '--sql', 'SELECT *, model_year % 4 AS fold FROM cars WHERE origin = 1', ...SPEC, '--fold-column', 'fold']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^4-fold CV \(MSE\)/);
    expect(r.stderr).toMatch(/245 rows read by PostgreSQL \(folds from column "fold"\)/);
  });

  it('an unreachable server: exit 1, one line naming it, never the password', async () => {
    const r = await run(['fit', '--postgres-url', 'postgres://me:secret@127.0.0.1:1/cars', '--table', 'cars', ...SPEC]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lassokit: PostgreSQL at 127\.0\.0\.1:1\/cars: unreachable/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('secret');
  });

  it('usage errors name the conflicting flags (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['fit', csv, '--postgres-url', server.urls[0], '--table', 'cars', ...SPEC], /with PostgreSQL the data are a --table or a --sql query, not the file/],
      [['fit', '--postgres-url', server.urls[0], ...SPEC], /with PostgreSQL give either --table or --sql/],
      [['fit', '--postgres-url', server.urls[0], '--clickhouse-url', 'http://127.0.0.1:1', '--table', 'cars', ...SPEC], /give one server: --clickhouse-url or --postgres-url/],
      [['fit', '--engine', 'postgres', '--table', 'cars', ...SPEC], /--engine postgres needs --postgres-url/],
      [['cv', '--postgres-url', server.urls[0], '--table', 'cars', ...SPEC, '--loss', 'mae'], /--loss mae is not available with PostgreSQL/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
