/** `buffer`, or a larger one (at least doubled) when it holds fewer than k doubles: scratch that grows and is reused. */
export function room(buffer: Float64Array<ArrayBuffer>, k: number): Float64Array<ArrayBuffer> {
  return buffer.length >= k ? buffer : new Float64Array(Math.max(2 * buffer.length, k, 16));
}
