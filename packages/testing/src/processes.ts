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

/**
 * Starts servers with `start`, and once more on fresh ports where they did not come up: a port
 * found free can be taken before the server binds it (an outgoing connection of a test running
 * beside it picks from the same range). Both failures are reported where the second fails too.
 */
export async function startedOnRetry<T>(what: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (first) {
    try {
      return await start();
    } catch (second) {
      throw new Error(`${what} did not start twice: ${(first as Error).message}; then: ${(second as Error).message}`);
    }
  }
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
