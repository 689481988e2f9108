import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startedOnRetry, stopAll, whenReady } from './processes.js';

/**
 * PostgreSQL server processes on localhost, each with its own data directory under a temporary
 * folder (initdb, trust authentication on 127.0.0.1, fsync off) — started by the tests themselves
 * from Debian's postgresql (`.ci/run` installs it when missing) and stopped after. As root, the
 * servers run as the `postgres` user (PostgreSQL refuses to run as root).
 */
export interface PostgresServers {
  /** Connection strings, one per server (user postgres, database postgres). */
  readonly urls: readonly string[];
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  if (majors.length === 0) throw new Error("the PostgreSQL tests need Debian's postgresql: apt-get install -y postgresql (.ci/run installs it)");
  return join(root, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** The command prefix that runs a program as the postgres user when we are root. */
function asPostgres(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, the PostgreSQL tests need the postgres user (created by apt-get install postgresql)');
  return { prefix: ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'], uid, gid };
}

async function waitForConnection(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`postgres at ${url} did not accept connections within 30 s`);
}

/** Starts `count` servers (on fresh ports once more if they did not come up); fails loudly (with the install command) when PostgreSQL is missing. */
export async function startPostgres(count: number): Promise<PostgresServers> {
  const bin = binDir();
  return startedOnRetry(`${count} PostgreSQL servers`, () => startServers(count, bin));
}

async function startServers(count: number, bin: string): Promise<PostgresServers> {
  const { prefix, uid, gid } = asPostgres();
  // As root the servers run as `postgres`, which must reach the folder: /tmp is traversable by
  // everyone, a TMPDIR under /root may not be.
  const root = mkdtempSync(join(uid !== undefined && existsSync('/tmp') ? '/tmp' : tmpdir(), 'lassokit-postgres-'));
  if (uid !== undefined && gid !== undefined) chownSync(root, uid, gid);
  const run = (program: string, args: string[]) => [...prefix, join(bin, program), ...args];
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  try {
    for (let s = 0; s < count; s++) {
      const dir = join(root, `server${s + 1}`);
      const socket = join(root, `socket${s + 1}`);
      mkdirSync(socket);
      if (uid !== undefined && gid !== undefined) chownSync(socket, uid, gid);
      const [cmd, ...args] = run('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
      const init = spawnSync(cmd, args, { encoding: 'utf8' });
      if (init.status !== 0) throw new Error(`initdb failed: ${(init.stderr || init.stdout).slice(0, 500)}`);
      const port = await freePort();
      const [pcmd, ...pargs] = run('postgres', ['-D', dir, '-p', String(port), '-k', socket, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=32MB', '-c', 'max_connections=40']);
      children.push(spawn(pcmd, pargs, { stdio: 'ignore' }));
      urls.push(`postgres://postgres@127.0.0.1:${port}/postgres`);
    }
    await whenReady(children, (s, deadline) => waitForConnection(urls[s], children[s], deadline));
  } catch (e) {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    throw e;
  }
  return {
    urls,
    stop: async () => {
      // SIGINT: PostgreSQL's fast shutdown (ends sessions, no waiting for clients).
      await stopAll(children, 'SIGINT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs SQL on one server (several statements allowed). */
export async function sql(url: string, text: string): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text);
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}
