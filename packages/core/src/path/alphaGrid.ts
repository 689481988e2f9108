/** The grid value used when alphaMax is 0 (y fitted exactly by the intercept): scikit-learn's choice. */
const RESOLUTION = 1e-15;

/**
 * `nAlphas` values log-spaced from `alphaMax` down to `eps · alphaMax`, decreasing:
 *
 *     α_k = alphaMax · eps^(k / (nAlphas − 1)),   k = 0 … nAlphas − 1
 *
 * (glmnet's `lambda` sequence; scikit-learn's `_alpha_grid`). When alphaMax is 0 every entry is
 * 1e-15, as scikit-learn does, since every α gives the same (null) model.
 *
 * Cost: O(nAlphas).
 *
 * @example
 * alphaGrid(1, 3, 0.01); // Float64Array [1, 0.1, 0.01]
 */
export function alphaGrid(alphaMax: number, nAlphas: number, eps: number): Float64Array {
  const out = new Float64Array(nAlphas);
  if (!(alphaMax > RESOLUTION)) return out.fill(RESOLUTION);
  if (nAlphas === 1) {
    out[0] = alphaMax;
    return out;
  }
  const logMax = Math.log10(alphaMax);
  const logMin = Math.log10(alphaMax * eps);
  const step = (logMax - logMin) / (nAlphas - 1);
  for (let k = 0; k < nAlphas; k++) out[k] = 10 ** (logMax - k * step);
  out[0] = alphaMax;
  return out;
}
