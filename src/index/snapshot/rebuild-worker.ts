// The rebuild worker's entry (rebuild.ts starts it): one job in workerData, one message back; then the
// bodies it loaded leave the disk with it (their spill files are closed).
import { parentPort, workerData } from 'node:worker_threads';
import { closeBodySpills } from '../../corpus/body-spill.ts';
import { rebuildSnapshot, type RebuildJob } from './rebuild.ts';

try {
  parentPort!.postMessage({ value: await rebuildSnapshot((workerData as { job: RebuildJob }).job) });
} catch (error) {
  parentPort!.postMessage({ error: { name: (error as Error).name, message: (error as Error).message } });
} finally {
  closeBodySpills();
}
