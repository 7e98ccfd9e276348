import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EXIT, InFlight, installShutdown, type ShutdownPlan } from '../../src/ops/shutdown.ts';

/** A deadline the test fires by hand, so nothing depends on wall-clock time. */
function manualDeadline() {
  let fire: () => void = () => {};
  const promise = new Promise<void>((resolve) => { fire = resolve; });
  return { sleep: () => promise, fire: () => fire() };
}

function setup(overrides: Partial<ShutdownPlan> = {}) {
  const events: string[] = [];
  const signals = new EventEmitter();
  const exits: number[] = [];
  const inflight = new InFlight();
  const deadline = manualDeadline();
  const plan: ShutdownPlan = {
    stopScheduling: () => void events.push('stop scheduling'),
    drain: () => inflight.idle().then(() => void events.push('drained')),
    close: [
      { name: 'client', run: () => void events.push('close client') },
      { name: 'store', run: () => void events.push('close store') },
    ],
    ...overrides,
  };
  const clock = { ms: 0 };
  const handle = installShutdown(plan, { signals, exit: (code) => void exits.push(code), sleep: deadline.sleep, now: () => clock.ms });
  return { events, signals, exits, inflight, deadline, handle, clock };
}

describe('installShutdown', () => {
  it('on SIGTERM stops scheduling, waits for in-flight sends, then closes the store last', async () => {
    const { events, signals, exits, inflight, handle } = setup();
    let finishSend: () => void = () => {};
    const send = inflight.track(new Promise<void>((resolve) => { finishSend = resolve; }).then(() => void events.push('send finished')));
    signals.emit('SIGTERM');
    await Promise.resolve();
    expect(events).toEqual(['stop scheduling']);
    finishSend();
    await send;
    expect(await handle.shutdown('again')).toBe(EXIT.clean);
    expect(events).toEqual(['stop scheduling', 'send finished', 'drained', 'close client', 'close store']);
    expect(exits).toEqual([EXIT.clean]);
  });

  it('a second signal exits at once', async () => {
    const { signals, exits, inflight, clock } = setup();
    void inflight.track(new Promise(() => {}));
    signals.emit('SIGINT');
    clock.ms += 1_500;
    signals.emit('SIGINT');
    expect(exits).toEqual([EXIT.forced]);
  });

  it('the same signal delivered twice at once (a supervisor passing on what its group got) still drains', async () => {
    const { signals, exits, inflight, clock, events } = setup();
    let finishSend: () => void = () => {};
    void inflight.track(new Promise<void>((resolve) => { finishSend = resolve; }));
    signals.emit('SIGTERM');
    clock.ms += 5;
    signals.emit('SIGTERM');
    expect(exits).toEqual([]);
    finishSend();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toContain('close store');
    expect(exits).toEqual([EXIT.clean]);
  });

  it('closes anyway when sends outlive the deadline, and reports it in the exit code', async () => {
    const { events, exits, inflight, deadline, handle } = setup();
    void inflight.track(new Promise(() => {}));
    const done = handle.shutdown('test');
    deadline.fire();
    expect(await done).toBe(EXIT.unclean);
    expect(events).toEqual(['stop scheduling', 'close client', 'close store']);
    expect(exits).toEqual([EXIT.unclean]);
  });

  it('a failing step does not stop the store from closing', async () => {
    const { events, handle } = setup({
      close: [
        { name: 'client', run: () => { throw new Error('already gone'); } },
        { name: 'store', run: () => void events.push('close store') },
      ],
    });
    expect(await handle.shutdown('test')).toBe(EXIT.unclean);
    expect(events).toContain('close store');
  });

  it('dispose removes the listeners', () => {
    const { signals, exits, handle } = setup();
    handle.dispose();
    signals.emit('SIGTERM');
    expect(exits).toEqual([]);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
