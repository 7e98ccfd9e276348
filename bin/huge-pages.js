// The index's large typed arrays on 2 MB pages. A search reads a few blocks of many lists spread over hundreds of
// MB, and with 4 KB pages most of those reads also miss the TLB; where Linux gives huge pages only to memory
// that asks for them (transparent_hugepage "madvise", the usual default), glibc's allocator asks when the
// GLIBC_TUNABLES setting glibc.malloc.hugetlb=1 is there as the process starts. So the long-running entry
// points relaunch themselves once with it (docs/operations.md, "Huge pages"; measured in docs/benchmarks.md).
// Plain JavaScript, run before tsx is loaded: the parent stays small while it waits for the child.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants } from 'node:os';

const TUNABLE = 'glibc.malloc.hugetlb=1';
/**
 * Signals passed on to the child. A terminal's Ctrl-C reaches both processes, so the child then gets SIGINT twice
 * within a moment, which its shutdown takes as one (src/ops/shutdown.ts); `kill -INT <pid>`, `timeout -s INT` or
 * a supervisor's SIGINT reach this process alone.
 */
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP'];
/**
 * The child's end of a pipe from the parent (its fd 3): the parent's end closes when the parent dies, also by
 * SIGKILL, and the child then dies the same way instead of running on unsupervised.
 */
const LIFELINE = 'NEWSBOT_LIFELINE_FD';

/**
 * @typedef {object} Host
 * @property {string} platform process.platform
 * @property {boolean} glibc whether the C library is glibc 2.35 or later (which reads glibc.malloc.hugetlb)
 * @property {string | undefined} thp the transparent huge page mode: "always", "madvise", "never"
 * @property {boolean} ipc a child with an IPC channel (a shard the sharding manager forked): it never relaunches
 * @property {boolean} inspected started with --inspect: a relaunch would leave the debugger on the waiting parent
 */

/** This process's facts for hugePagesEnv. @returns {Host} */
export function currentHost() {
  let thp;
  try {
    thp = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  } catch {
    thp = undefined;
  }
  // glibc.malloc.hugetlb came with glibc 2.35; older ones ignore it.
  const version = process.platform === 'linux' ? /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report?.getReport())?.header?.glibcVersionRuntime : undefined;
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  const glibc = major > 2 || (major === 2 && minor >= 35);
  const inspected = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) => flag.startsWith('--inspect'));
  return { platform: process.platform, glibc, thp, ipc: typeof process.send === 'function', inspected };
}

/**
 * The environment to relaunch with, or undefined when this process runs as it is: not Linux with glibc 2.35+, huge
 * pages given to every process already ("always") or to none ("never"), the setting there already, a forked
 * shard, a debugging session, or HUGE_PAGES=off. Throws on a HUGE_PAGES value that is neither on nor off.
 * @param {NodeJS.ProcessEnv} env
 * @param {Host} host
 * @returns {NodeJS.ProcessEnv | undefined}
 */
export function hugePagesEnv(env, host) {
  const setting = (env.HUGE_PAGES ?? 'on').trim().toLowerCase();
  if (setting !== 'on' && setting !== 'off') throw new Error(`HUGE_PAGES=${env.HUGE_PAGES} is not on or off; use on (the default: the index on 2 MB pages where Linux allows it) or off`);
  if (setting === 'off' || host.platform !== 'linux' || !host.glibc || host.thp !== 'madvise' || host.ipc || host.inspected) return undefined;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(tunables)) return undefined;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}` : TUNABLE };
}

/**
 * Runs this same command again with huge pages when hugePagesEnv says so, and settles with the exit code the
 * caller should exit with (the child's; 128 + n for a child ended by signal n); undefined when this process
 * should go on itself. A bad HUGE_PAGES value is reported and settles with 1.
 * @returns {Promise<number | undefined>}
 */
export async function relaunchWithHugePages() {
  if (process.env[LIFELINE]) return holdLifeline();
  let env;
  try {
    env = hugePagesEnv(process.env, currentHost());
  } catch (error) {
    process.stderr.write(`newsbot: ${/** @type {Error} */ (error).message}\n`);
    return 1;
  }
  if (!env) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env: { ...env, [LIFELINE]: '3' }, stdio: ['inherit', 'inherit', 'inherit', 'pipe'] });
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

/** In the relaunched child: dies with the parent (see LIFELINE); the variable goes, so its own children do not read it. */
function holdLifeline() {
  const fd = Number(process.env[LIFELINE]);
  delete process.env[LIFELINE];
  const lifeline = new Socket({ fd, readable: true, writable: false });
  lifeline.on('close', () => process.kill(process.pid, 'SIGKILL'));
  lifeline.on('error', () => {});
  lifeline.unref();
  return undefined;
}
