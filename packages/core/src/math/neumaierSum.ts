/**
 * Compensated (Neumaier) sum of `values[i]`, of `values[i] * weights[i]`, or of `values[i] * w`
 * for one weight w of every value (the same sum as an array of w's).
 * The error bound is O(ε) independent of n, instead of O(n·ε) for naive summation;
 * used where means and variances feed reported figures (metrics, centering).
 *
 * Cost: O(n).
 *
 * @example
 * neumaierSum([1e100, 1, -1e100]); // 1
 */
export function neumaierSum(values: ArrayLike<number>, weights?: ArrayLike<number> | number): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = weights === undefined ? values[i] : typeof weights === 'number' ? values[i] * weights : values[i] * weights[i];
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + c;
}
