// The long-running entry points relaunch once with glibc's huge-page setting (bin/huge-pages.js): when they do
// and when not, and that the relaunch is invisible to whoever started them (exit code, SIGTERM, SIGINT, SIGKILL).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { currentHost, hugePagesEnv } from '../../bin/huge-pages.js';
import { until } from '../support/until.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const LINUX = { platform: 'linux', glibc: true, thp: 'madvise', ipc: false, inspected: false };

describe('hugePagesEnv', () => {
  it('adds glibc.malloc.hugetlb=1 where Linux gives huge pages on request, keeping other tunables', () => {
    expect(hugePagesEnv({ PATH: '/bin' }, LINUX)).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    expect(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, LINUX)?.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });

  it('runs as it is where the relaunch gains nothing or is not wanted', () => {
    expect(hugePagesEnv({}, { ...LINUX, thp: 'always' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, thp: 'never' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, thp: undefined })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, glibc: false })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, platform: 'darwin' })).toBeUndefined();
    // A shard forked by the sharding manager keeps its IPC channel; it inherits the setting from the manager.
    expect(hugePagesEnv({}, { ...LINUX, ipc: true })).toBeUndefined();
    // Under a debugger (--inspect), the process debugged must be the bot, not a parent waiting for it.
    expect(hugePagesEnv({}, { ...LINUX, inspected: true })).toBeUndefined();
    expect(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, LINUX)).toBeUndefined();
    expect(hugePagesEnv({ HUGE_PAGES: 'OFF' }, LINUX)).toBeUndefined();
  });

  it('stops on a HUGE_PAGES value it does not know, naming the variable and the values', () => {
    expect(() => hugePagesEnv({ HUGE_PAGES: 'yes please' }, LINUX)).toThrow('HUGE_PAGES=yes please is not on or off; use on');
  });
});

/** `node bin/run-ts.js` on the probe: its parent, the lines it printed, and its exit. */
function probe(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run-ts.js'), join(repoRoot, 'test', 'support', 'relaunch-probe.ts')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const reported = async (): Promise<{ pid: number; ppid: number; tunables: string | null; lifeline: string | null }> =>
    JSON.parse(await until(() => lines[0], { what: 'the probe reporting' }));
  return { child, lines, exited, reported };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('relaunching with huge pages (real processes)', () => {
  // The probe is spawned without an IPC channel, whatever this test process has.
  const relaunches = hugePagesEnv({}, { ...currentHost(), ipc: false, inspected: false }) !== undefined;

  it(`${relaunches ? 'relaunches once with the setting' : 'runs as it is on this host'}, and passes the exit code on`, async () => {
    const run = probe({ PROBE_EXIT: '7' });
    const seen = await run.reported();
    expect(await run.exited).toBe(7);
    if (relaunches) {
      expect(seen.ppid).toBe(run.child.pid);
      expect(seen.tunables).toBe('glibc.malloc.hugetlb=1');
      // Read and removed: the bot's own children (shards) do not take fd 3 for a lifeline.
      expect(seen.lifeline).toBeNull();
    } else {
      expect(seen.pid).toBe(run.child.pid);
      expect(seen.tunables).toBeNull();
    }
  });

  it('HUGE_PAGES=off runs the command in the process started', async () => {
    const run = probe({ HUGE_PAGES: 'off' });
    const seen = await run.reported();
    expect(seen.pid).toBe(run.child.pid);
    expect(seen.tunables).toBeNull();
    expect(await run.exited).toBe(0);
  });

  it.skipIf(!relaunches)('passes SIGTERM and SIGINT on, and the relaunched process dies with its parent on SIGKILL', async () => {
    // To the first process alone, as `kill -INT <pid>`, `timeout -s INT` or a supervisor send them.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const graceful = probe({ PROBE_WAIT: '1' });
      await graceful.reported();
      graceful.child.kill(signal);
      expect(await graceful.exited).toBe(0);
      expect(graceful.lines).toContain(signal);
    }

    const killed = probe({ PROBE_WAIT: '1' });
    const { pid } = await killed.reported();
    killed.child.kill('SIGKILL');
    await killed.exited;
    await until(() => !alive(pid), { timeoutMs: 5_000, what: 'the relaunched process to die with its parent' });
  });
});
