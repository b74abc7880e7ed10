// The exact (Clopper–Pearson) one-sided upper confidence bound of a binomial proportion, for the
// false-positive figures of docs/policy.md: with k of n flagged, the largest rate p for which
// seeing k or fewer would still have probability >= alpha.

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so large n does not underflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  let logTerm = n * Math.log1p(-p); // log P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i) + Math.log(p) - Math.log1p(-p);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * Exact one-sided upper bound at confidence 1 - alpha (default 95%) of a rate with `k` of `n`
 * observed: the p solving P(X <= k | n, p) = alpha, found by bisection (to 1e-12).
 */
export function clopperPearsonUpper(k: number, n: number, alpha = 0.05): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 1 || k > n) throw new RangeError(`need 0 <= k <= n, n >= 1; got k=${k}, n=${n}`);
  if (k === n) return 1;
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}
