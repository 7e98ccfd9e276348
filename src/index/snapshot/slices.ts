// Work written as a generator that yields at safe points (every few milliseconds of work), run either at
// once or in slices that give the event loop back: a reload's restore runs in slices, so commands keep
// being answered while a 100k-article snapshot is read in.
//
// Every piece of work run in slices on a thread shares ONE slice per turn of the event loop: a reload and the
// background preparation of the index swapped in before it each ran a 10 ms slice, back to back in the same
// turn (their setImmediate callbacks run together), and held a serving bot's loop 20–35 ms at a time.
export type Steps<T> = Generator<void, T, void>;

export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs `steps`, yielding to the event loop when this turn's slice (`sliceMs`, shared with other work) is spent. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs: number): Promise<T> {
  for (;;) {
    // Awaited only when it must wait: a step per microtask would slow 100k-row work down.
    if (!mayRun(sliceMs)) await nextSlice(sliceMs);
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Resolves at once while this turn's slice lasts (taking it if no work has yet), else at a later turn with
 * time left: awaited between pieces of work on the serving thread (a `stat` loop, a merge of sorted runs) so
 * that they share the slice with everything else run in slices.
 */
export function slice(sliceMs: number): Promise<void> | undefined {
  return mayRun(sliceMs) ? undefined : nextSlice(sliceMs);
}

/** Whether this turn's slice was taken, and when it ends (performance.now()). */
let taken = false;
let sliceEnd = 0;
/**
 * Work waiting for the next turn, resumed in order at its start: each resumes in a microtask of its own, so
 * all of them take steps in turn while the slice lasts (none starves).
 */
let waiting: (() => void)[] = [];

function mayRun(sliceMs: number): boolean {
  const now = performance.now();
  if (!taken) {
    taken = true;
    sliceEnd = now + sliceMs;
    return true;
  }
  return now < sliceEnd;
}

async function nextSlice(sliceMs: number): Promise<void> {
  do {
    await new Promise<void>((resolve) => {
      if (waiting.push(resolve) === 1) setImmediate(startTurn);
    });
  } while (!mayRun(sliceMs));
}

/** A new turn of the loop: its slice is free. */
function startTurn(): void {
  taken = false;
  const resume = waiting;
  waiting = [];
  for (const resolve of resume) resolve();
}
