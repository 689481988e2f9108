// The main job: serves the built web demo (PORT, default 3000) together with the API
// (API_PORT, default 8787), prints both URLs once both answer, and stops both on Ctrl-C.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const webPort = process.env.PORT ?? '3000';
const apiPort = process.env.API_PORT ?? '8787';
const apiUrl = `http://localhost:${apiPort}`;
const webUrl = `http://localhost:${webPort}`;

const children = [
  spawn(process.execPath, [`${root}apps/api/dist/index.js`], {
    env: { ...process.env, API_PORT: apiPort, HOST: process.env.API_HOST ?? '127.0.0.1', LASSOKIT_DB: process.env.LASSOKIT_DB ?? `${root}.data/lassokit.db`, CORS_ORIGINS: process.env.CORS_ORIGINS ?? `${webUrl},http://127.0.0.1:${webPort}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  }),
  spawn(process.execPath, [`${root}apps/web/build/index.js`], {
    env: { ...process.env, PORT: webPort, PUBLIC_API_URL: process.env.PUBLIC_API_URL ?? apiUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  }),
];

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
for (const c of children) c.on('exit', (code) => !stopping && (console.error(`a server exited (code ${code}); stopping`), stop(1)));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

await Promise.all([waitFor(`${apiUrl}/health`), waitFor(webUrl)]);
console.log(`\n  lassokit demo   ${webUrl}\n  lassokit API    ${apiUrl}   (docs: ${apiUrl}/docs)\n\n  Ctrl-C stops both.\n`);
