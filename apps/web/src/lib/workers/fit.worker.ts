/// <reference lib="webworker" />
/**
 * Reads and fits the user's CSV off the main thread, so the page stays responsive and the data
 * never leave the browser; cross-validation folds go to further workers (up to one per core, started when the folds are long enough to pay for them). In: { type: 'inspect' | 'fit' | 'stability', file, spec? }.
 * Out: 'inspected', 'progress', 'fitted' (with the model file's bytes), 'stability' or 'problem' messages. Cancelling terminates the worker.
 */
import { elasticNetCVParallel, stabilitySelectionParallel } from '@lassokit/core/parallel';
import { FileProblem, fitCsv, inspectCsv, stabilityCsv, type Decimal, type Delimiter, type FitSpec } from '../state/csvFit.js';

type Request = { type: 'inspect'; file: File; delimiter?: Delimiter; decimal?: Decimal } | { type: 'fit' | 'stability'; file: File; spec: FitSpec };

self.onmessage = async (event: MessageEvent<Request>) => {
  const req = event.data;
  try {
    const text = await req.file.text();
    const progress = (done: number, total: number) => self.postMessage({ type: 'progress', done, total });
    if (req.type === 'inspect') {
      self.postMessage({ type: 'inspected', inspection: inspectCsv(text, req.file.name, req.delimiter, req.decimal) });
    } else if (req.type === 'stability') {
      self.postMessage({ type: 'stability', stability: await stabilityCsv(text, req.file.name, req.spec, progress, stabilitySelectionParallel) });
    } else {
      // Folds in Web Workers of their own (up to one per core, this worker included, when the work pays for them): same result as in place.
      const outcome = await fitCsv(text, req.file.name, req.spec, progress, elasticNetCVParallel);
      const arrays = [outcome.actual, outcome.predicted, outcome.lower, outcome.upper].filter((a) => a !== null);
      // The model goes as the bytes of its file, transferred: as an object (its CV+ residuals, one per
      // row) the page spent 13–24 ms of its main thread deserializing it for 130,000 rows, and it
      // only ever downloads it.
      const modelFile = new TextEncoder().encode(JSON.stringify(outcome.model, null, 2));
      self.postMessage({ type: 'fitted', outcome: { ...outcome, model: null }, modelFile }, [...arrays.map((a) => a.buffer), modelFile.buffer]);
    }
  } catch (e) {
    const message = e instanceof FileProblem ? e.message : `Something went wrong reading ${req.file.name}: ${(e as Error).message}`;
    self.postMessage({ type: 'problem', message });
  }
};
