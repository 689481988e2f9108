import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (for servers the tests start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
  });
}

/** Waits (up to 30 s) until every server answers `ready`; if one does not, kills them all and rethrows. */
export async function whenReady(children: readonly ChildProcess[], ready: (server: number, deadline: number) => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  try {
    await Promise.all(children.map((_, s) => ready(s, deadline)));
  } catch (e) {
    for (const c of children) c.kill('SIGKILL');
    throw e;
  }
}

/** Stops server processes with the server's own shutdown signal, and SIGKILL for any still running 10 s later. */
export async function stopAll(children: readonly ChildProcess[], signal: NodeJS.Signals): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill(signal);
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}
