import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const q of [
 "DESCRIBE SELECT * FROM read_csv('/tmp/probe/eu.csv', decimal_separator=',')",
 "SELECT * FROM read_csv('/tmp/probe/eu.csv', decimal_separator=',') LIMIT 3",
]) { try { const r = await c.runAndReadAll(q); console.log(r.getRowObjectsJson()); } catch (e) { console.log('ERR', e.message); } }
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/probe/eu2.csv', 'a;b\n1,5;3.504\n2;4\n');
writeFileSync('/tmp/probe/eu3.csv', 'a;b\n1,5;3,5\n2;4.5\n');
for (const f of ['eu2','eu3']) for (const q of [`DESCRIBE SELECT * FROM read_csv('/tmp/probe/${f}.csv', decimal_separator=',')`, `SELECT * FROM read_csv('/tmp/probe/${f}.csv', decimal_separator=',')`, `SELECT * FROM read_csv('/tmp/probe/${f}.csv', decimal_separator=',', types={'b':'DOUBLE'})`]) { try { const r = await c.runAndReadAll(q); console.log(JSON.stringify(r.getRowObjectsJson())); } catch (e) { console.log('ERR', e.message.slice(0,300)); } }
