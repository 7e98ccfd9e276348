// Run by test/ops/huge-pages.test.ts through bin/run-ts.js: reports what the process it ends up in sees, then
// exits with PROBE_EXIT, or waits for SIGTERM or SIGINT and reports it. The handlers are in place before the
// report: the test signals as soon as it reads it.
if (process.env.PROBE_WAIT) {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      console.log(signal);
      process.exit(0);
    });
  }
  setInterval(() => {}, 1_000);
} else process.exitCode = Number(process.env.PROBE_EXIT ?? 0);
console.log(JSON.stringify({ pid: process.pid, ppid: process.ppid, tunables: process.env.GLIBC_TUNABLES ?? null, lifeline: process.env.NEWSBOT_LIFELINE_FD ?? null }));
