/// <reference types="node" />
/** Node worker thread of the parallel CV (see foldJobs.ts). */
import { parentPort } from 'node:worker_threads';
import { handleRequest, replyTransfer, type WorkerRequest } from './foldJobs.js';

const port = parentPort;
if (port === null) throw new Error('cvWorker runs as a worker thread');
port.on('message', (m: WorkerRequest) => {
  const reply = handleRequest(m);
  if (reply !== null) port.postMessage(reply, replyTransfer(reply));
});
