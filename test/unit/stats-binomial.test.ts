// The exact Clopper–Pearson upper bound used for docs/policy.md's false-positive figures.

import { describe, expect, it } from 'vitest';
import { binomialCdf, clopperPearsonUpper } from '../../scripts/stats-binomial.js';

describe('clopperPearsonUpper', () => {
  it('matches the closed forms at k = 0 and k = n - 1', () => {
    for (const n of [1, 5, 31, 57, 300, 1000]) {
      expect(clopperPearsonUpper(0, n)).toBeCloseTo(1 - 0.05 ** (1 / n), 9);
      if (n > 1) expect(clopperPearsonUpper(n - 1, n)).toBeCloseTo(0.95 ** (1 / n), 9);
      expect(clopperPearsonUpper(n, n)).toBe(1);
    }
  });
  it('solves P(X <= k) = 0.05 and grows with k', () => {
    for (const [k, n] of [
      [1, 31],
      [3, 57],
      [10, 200],
    ]) {
      const p = clopperPearsonUpper(k, n);
      expect(binomialCdf(k, n, p)).toBeCloseTo(0.05, 8);
      expect(clopperPearsonUpper(k + 1, n)).toBeGreaterThan(p);
    }
  });
  it('"<= 1%" with nothing flagged needs 299 pictures: 298 are not enough', () => {
    expect(clopperPearsonUpper(0, 299)).toBeLessThanOrEqual(0.01);
    expect(clopperPearsonUpper(0, 298)).toBeGreaterThan(0.01);
    expect(clopperPearsonUpper(1, 299)).toBeGreaterThan(0.01);
  });
  it('refuses impossible counts', () => {
    expect(() => clopperPearsonUpper(3, 2)).toThrow(RangeError);
    expect(() => clopperPearsonUpper(0, 0)).toThrow(RangeError);
  });
});
