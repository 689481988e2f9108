import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@lassokit/testing';
import { SPEC, binary, expectCvOverSql, expectFitLikeCsv } from './serverEngines.js';
import { sql, startPostgres, type PostgresServers } from '@lassokit/testing/postgres';

// The built binary against a PostgreSQL server the test starts (Debian's postgresql).
const dir = tempDir('lassokit-cli-postgres-');
const run = binary(dir);
let server: PostgresServers;

const csv = join(dir, 'auto.csv');

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
  it('fit at an alpha from the table equals the in-memory fit of the CSV', () => expectFitLikeCsv(run, ['--postgres-url', server.urls[0]], csv, { source: 'postgres cars', engine: 'PostgreSQL' }));

  it('cv over a --sql query, folds from a column computed by the server', () => expectCvOverSql(run, ['--postgres-url', server.urls[0]], 'PostgreSQL'));

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
