/**
 * `@lassokit/core/internal`: the machinery under the public API, for tests and benchmarks that
 * compare kernels or solver parts. Not a stable interface.
 */
export { Workspace } from './wasm/Workspace.js';
export { setSimd, simdEnabled } from './wasm/kernelModule.js';
