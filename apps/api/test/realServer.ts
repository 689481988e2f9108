import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

// API_SERVER_SCRIPT runs the same tests against another build (e.g. an older checkout, for before/after figures).
const SERVER = process.env.API_SERVER_SCRIPT ?? fileURLToPath(new URL('../dist/index.js', import.meta.url));

export interface RealServer {
  readonly url: string;
  readonly child: ChildProcess;
}

const running: ChildProcess[] = [];

/** Starts the built server on a random port with the given environment; resolves with its base URL. */
export function startServer(env: Record<string, string>): Promise<RealServer> {
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, API_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      // Keep only the start of the log: a long test would otherwise hold every request's line.
      if (out.length < 10_000) out += chunk.toString();
      const m = /listening on (http:\/\/[^ ]+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.stderr?.on('data', (chunk: Buffer) => reject(new Error(chunk.toString())));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Stops a server with SIGTERM; resolves with its exit code. */
export function stopServer(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Kills whatever a test file left running. */
export function killServers(): void {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
}

/**
 * One server (in-memory SQLite) for a whole test file: started before its tests, stopped after them.
 * The returned function gives it to a test.
 */
export function serverForFile(): () => RealServer {
  let server: RealServer | undefined;
  beforeAll(async () => {
    server = await startServer({ LASSOKIT_DB: ':memory:' });
  });
  afterAll(async () => {
    if (server !== undefined) await stopServer(server.child);
    killServers();
  });
  return () => {
    if (server === undefined) throw new Error('the server has not started');
    return server;
  };
}
