/** Browser Web Worker of the parallel CV (see foldJobs.ts). */
import { handleRequest, replyTransfer, type WorkerRequest } from './foldJobs.js';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { data: WorkerRequest }) => void): void;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}
const scope = globalThis as unknown as WorkerScope;
scope.addEventListener('message', (event) => {
  const reply = handleRequest(event.data);
  if (reply !== null) scope.postMessage(reply, replyTransfer(reply));
});
