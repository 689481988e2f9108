// The built demo (build/index.js) on a free port, for the browser tests and the load figures.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built web server on a free port and waits (up to 30 s) until it answers.
 * Returns its base URL and `stop()`. `stdio` as for `spawn` (default: its errors shown).
 */
export async function startBuiltServer({ stdio = ['ignore', 'ignore', 'inherit'] } = {}) {
  const port = await freePort();
  const server = spawn(process.execPath, [fileURLToPath(new URL('../build/index.js', import.meta.url))], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      if (i > 300) throw new Error('the web server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { base, stop: () => server.kill('SIGTERM') };
}
