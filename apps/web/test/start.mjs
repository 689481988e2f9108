// The README's main command honours PORT and API_PORT: runs what `npm start` runs after its
// install step (turbo's start task for the web app, which starts both servers) with non-default
// ports and checks both answer there. turbo's strict environment mode once dropped the variables.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/builtServer.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function answers(url, deadline, gone) {
  while (Date.now() < deadline && !gone()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const [port, apiPort] = [await freePort(), await freePort()];
// The parent turbo's own variables would make the child think it runs inside that task.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_')));
const child = spawn(`${root}node_modules/.bin/turbo`, ['run', 'start', '--filter=@lassokit/web', '--output-logs=errors-only'], {
  cwd: root,
  env: { ...env, PORT: String(port), API_PORT: String(apiPort), LASSOKIT_DB: ':memory:', TURBO_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
let exited = false;
child.on('exit', () => (exited = true));
const deadline = Date.now() + 120_000;
const web = await answers(`http://127.0.0.1:${port}/`, deadline, () => exited);
const api = await answers(`http://127.0.0.1:${apiPort}/health`, deadline, () => exited);
try {
  process.kill(-child.pid, 'SIGTERM');
} catch {
  // already gone
}
const ok = web && api;
console.log(`${ok ? '  ✓' : '  ✗'} the start command serves the demo on PORT=${port} (${web ? 'answers' : 'no answer'}) and the API on API_PORT=${apiPort} (${api ? 'answers' : 'no answer'})`);
console.log(`\n${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);
