// The rebuild worker's entry (rebuild.ts starts it): one job in workerData, one message back; then the
// temporary files it made (the bodies it loaded) leave the disk with it.
import { parentPort, workerData } from 'node:worker_threads';
import { closeTempFiles } from '../../storage/temp-file.ts';
import { rebuildSnapshot, type RebuildJob } from './rebuild.ts';

try {
  parentPort!.postMessage({ value: await rebuildSnapshot((workerData as { job: RebuildJob }).job) });
} catch (error) {
  parentPort!.postMessage({ error: { name: (error as Error).name, message: (error as Error).message } });
} finally {
  closeTempFiles();
}
