import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startedOnRetry, stopAll, whenReady } from './processes.js';

/**
 * Two ClickHouse server processes on localhost as the two shards of a cluster named `lassokit`,
 * each with its own config, data and log under a temporary folder — started by the tests
 * themselves (Debian's clickhouse-server; `.ci/run` installs it when missing) and stopped after.
 */
export interface Cluster {
  /** HTTP endpoints of shard 1 (the initiator of distributed queries) and shard 2. */
  readonly urls: readonly [string, string];
  stop(): Promise<void>;
}

const SERVER = '/usr/sbin/clickhouse-server';

function config(dir: string, ports: { http: number; tcp: number; interserver: number }, shards: readonly number[]): string {
  const shardXml = shards.map((tcp) => `<shard><replica><host>127.0.0.1</host><port>${tcp}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>536870912</mark_cache_size>
  <remote_servers><lassokit>${shardXml}</lassokit></remote_servers>
</yandex>
`;
}

async function waitForPing(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/ping`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`clickhouse-server at ${url} did not answer within 30 s`);
}

/** Starts the two shards (on fresh ports once more if they did not come up); fails loudly (with the install command) when clickhouse-server is missing. */
export async function startCluster(): Promise<Cluster> {
  if (!existsSync(SERVER) || spawnSync(SERVER, ['--help']).error !== undefined) {
    throw new Error('the ClickHouse tests need Debian\'s clickhouse-server: apt-get install -y clickhouse-server (.ci/run installs it)');
  }
  return startedOnRetry('the two ClickHouse shards', startShards);
}

async function startShards(): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'lassokit-clickhouse-'));
  const ports = await Promise.all([0, 1].map(async () => ({ http: await freePort(), tcp: await freePort(), interserver: await freePort() })));
  const children: ChildProcess[] = [];
  const urls = ports.map((p) => `http://127.0.0.1:${p.http}`) as [string, string];
  try {
    for (let s = 0; s < 2; s++) {
      const dir = join(root, `shard${s + 1}`);
      for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) mkdirSync(join(dir, sub), { recursive: true });
      copyFileSync('/etc/clickhouse-server/users.xml', join(dir, 'users.xml'));
      writeFileSync(join(dir, 'config.xml'), config(dir, ports[s], ports.map((p) => p.tcp)));
      children.push(spawn(SERVER, [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: 'ignore' }));
    }
  } catch (e) {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    throw e;
  }
  try {
    await whenReady(children, (s, deadline) => waitForPing(urls[s], children[s], deadline));
  } catch (e) {
    rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    throw e;
  }
  return {
    urls,
    // The servers' data, logs and config go with them (~200 MB a run).
    stop: async () => {
      await stopAll(children, 'SIGTERM');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs a statement on one server over HTTP (the data goes in the body, as ClickHouse expects for INSERT … FORMAT). */
export async function exec(url: string, sql: string, body = ''): Promise<void> {
  const res = await fetch(`${url}/?query=${encodeURIComponent(sql)}`, { method: 'POST', body });
  if (!res.ok) throw new Error(`ClickHouse: ${(await res.text()).slice(0, 300)}`);
}
