/**
 * Special functions the samplers need. Written out here rather than taken from a
 * library so that every machine computes the same bits: the engine promises
 * bit-identical runs for the same seed.
 */

const SQRT_2PI = 2.5066282746310002;
const LN_SQRT_2PI = 0.9189385332046728;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = 5.656854249492381;
const DBL_MIN = 2.2250738585072014e-308;

// W. J. Cody, "Rational Chebyshev approximations for the error function",
// Math. Comp. 23 (1969); the form of ACM TOMS Algorithm 715 (ANORM), as R's pnorm
// uses it. Relative error near 1e-16 on each range, including deep in the lower tail
// where an erf-based 0.5 * (1 + erf(x / sqrt 2)) would cancel to zero.
const CA0 = 2.2352520354606839287;
const CA1 = 161.02823106855587881;
const CA2 = 1067.6894854603709582;
const CA3 = 18154.981253343561249;
const CA4 = 0.065682337918207449113;
const CB0 = 47.20258190468824187;
const CB1 = 976.09855173777669322;
const CB2 = 10260.932208618978205;
const CB3 = 45507.789335026729956;

const CC0 = 0.39894151208813466764;
const CC1 = 8.8831497943883759412;
const CC2 = 93.506656132177855979;
const CC3 = 597.27027639480026226;
const CC4 = 2494.5375852903726711;
const CC5 = 6848.1904505362823326;
const CC6 = 11602.651437647350124;
const CC7 = 9842.7148383839780218;
const CC8 = 1.0765576773720192317e-8;
const CD0 = 22.266688044328115691;
const CD1 = 235.38790178262499861;
const CD2 = 1519.377599407554805;
const CD3 = 6485.558298266760755;
const CD4 = 18615.571640885098091;
const CD5 = 34900.952721145977266;
const CD6 = 38912.003286093271411;
const CD7 = 19685.429676859990727;

const CP0 = 0.21589853405795699;
const CP1 = 0.1274011611602473639;
const CP2 = 0.022235277870649807;
const CP3 = 0.001421619193227893466;
const CP4 = 2.9112874951168792e-5;
const CP5 = 0.02307344176494017303;
const CQ0 = 1.28426009614491121;
const CQ1 = 0.468238212480865118;
const CQ2 = 0.0659881378689285515;
const CQ3 = 0.00378239633202758244;
const CQ4 = 7.29751555083966205e-5;

/** Below this Φ(-y) is subnormal or zero; Cody's algorithm stops there too. */
const CDF_UNDERFLOW = 37.5193;

/**
 * exp(-y²/2) with y² split so the large part is exact in binary: computing y*y first
 * would lose up to y² ulps of relative accuracy in the tail.
 */
function expHalfSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
}

/** Standard normal distribution function Φ(x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const xsq = x * x;
    let num = CA4 * xsq;
    let den = xsq;
    num = (num + CA0) * xsq;
    den = (den + CB0) * xsq;
    num = (num + CA1) * xsq;
    den = (den + CB1) * xsq;
    num = (num + CA2) * xsq;
    den = (den + CB2) * xsq;
    return 0.5 + (x * (num + CA3)) / (den + CB3);
  }
  // Compute the smaller tail Q(|x|) and take the complement only at the end, so the
  // tail keeps its relative accuracy for normalCdf(-a) with large a.
  let tail: number;
  if (y <= SQRT_32) {
    let num = CC8 * y;
    let den = y;
    num = (num + CC0) * y;
    den = (den + CD0) * y;
    num = (num + CC1) * y;
    den = (den + CD1) * y;
    num = (num + CC2) * y;
    den = (den + CD2) * y;
    num = (num + CC3) * y;
    den = (den + CD3) * y;
    num = (num + CC4) * y;
    den = (den + CD4) * y;
    num = (num + CC5) * y;
    den = (den + CD5) * y;
    num = (num + CC6) * y;
    den = (den + CD6) * y;
    tail = (expHalfSquare(y) * (num + CC7)) / (den + CD7);
  } else if (y < CDF_UNDERFLOW) {
    const r = 1 / (y * y);
    let num = CP5 * r;
    let den = r;
    num = (num + CP0) * r;
    den = (den + CQ0) * r;
    num = (num + CP1) * r;
    den = (den + CQ1) * r;
    num = (num + CP2) * r;
    den = (den + CQ2) * r;
    num = (num + CP3) * r;
    den = (den + CQ3) * r;
    const t = (r * (num + CP4)) / (den + CQ4);
    tail = (expHalfSquare(y) * (INV_SQRT_2PI - t)) / y;
  } else {
    tail = 0;
  }
  return x > 0 ? 1 - tail : tail;
}

// P. J. Acklam's rational approximation of Φ⁻¹ (relative error below 1.15e-9);
// one Halley step against normalCdf then brings it to the accuracy of normalCdf.
const AA0 = -3.969683028665376e1;
const AA1 = 2.209460984245205e2;
const AA2 = -2.759285104469687e2;
const AA3 = 1.38357751867269e2;
const AA4 = -3.066479806614716e1;
const AA5 = 2.506628277459239;
const AB0 = -5.447609879822406e1;
const AB1 = 1.615858368580409e2;
const AB2 = -1.556989798598866e2;
const AB3 = 6.680131188771972e1;
const AB4 = -1.328068155288572e1;
const AC0 = -7.784894002430293e-3;
const AC1 = -3.223964580411365e-1;
const AC2 = -2.400758277161838;
const AC3 = -2.549732539343734;
const AC4 = 4.374664141464968;
const AC5 = 2.938163982698783;
const AD0 = 7.784695709041462e-3;
const AD1 = 3.224671290700398e-1;
const AD2 = 2.445134137142996;
const AD3 = 3.754408661907416;
const P_LOW = 0.02425;
const P_HIGH = 1 - P_LOW;

/** Acklam's lower-tail branch, for 0 < p < P_LOW; returns a negative z. */
function acklamLowerTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  return (
    (((((AC0 * q + AC1) * q + AC2) * q + AC3) * q + AC4) * q + AC5) /
    ((((AD0 * q + AD1) * q + AD2) * q + AD3) * q + 1)
  );
}

/** One Halley step for Φ(x) = p, with x ≤ ~2 so Φ(x) - p carries relative accuracy. */
function halley(x: number, p: number): number {
  // Past this Φ(x) underflows and the step would push x the wrong way; Acklam's
  // 1e-9 is more than enough that far out.
  if (x < -CDF_UNDERFLOW) return x;
  const e = normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/**
 * Standard normal quantile Φ⁻¹(p). The upper region is solved as -Φ⁻¹(1 - p): 1 - p is
 * exact for p ≥ 0.5 and the refinement then runs on the accurate lower tail, where
 * Φ(x) - p near 1 would have only absolute accuracy.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < P_LOW) return halley(acklamLowerTail(p), p);
  if (p > P_HIGH) {
    const q = 1 - p;
    return -halley(acklamLowerTail(q), q);
  }
  const q = p - 0.5;
  const r = q * q;
  const x =
    ((((((AA0 * r + AA1) * r + AA2) * r + AA3) * r + AA4) * r + AA5) * q) /
    (((((AB0 * r + AB1) * r + AB2) * r + AB3) * r + AB4) * r + 1);
  return halley(x, p);
}

// Lanczos approximation with g = 7, n = 9 (the Godfrey coefficients): relative error
// around 1e-15 for Γ on x ≥ 0.5.
const L0 = 0.99999999999980993;
const L1 = 676.5203681218851;
const L2 = -1259.1392167224028;
const L3 = 771.32342877765313;
const L4 = -176.61502916214059;
const L5 = 12.507343278686905;
const L6 = -0.13857109526572012;
const L7 = 9.9843695780195716e-6;
const L8 = 1.5056327351493116e-7;

/** ln Γ(x) for x > 0; +Infinity at 0, NaN for negative x (not needed by the samplers). */
export function lnGamma(x: number): number {
  if (!(x >= 0)) return NaN;
  if (x === 0 || x === Infinity) return Infinity;
  // The Lanczos series loses accuracy below 0.5; Γ(x) = Γ(x + 1) / x moves it up.
  if (x < 0.5) return lnGamma(x + 1) - Math.log(x);
  const z = x - 1;
  const a =
    L0 +
    L1 / (z + 1) +
    L2 / (z + 2) +
    L3 / (z + 3) +
    L4 / (z + 4) +
    L5 / (z + 5) +
    L6 / (z + 6) +
    L7 / (z + 7) +
    L8 / (z + 8);
  const t = z + 7.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * δ(n) = ln n! - ((n + ½) ln n - n + ln √(2π)), the error of Stirling's formula, for
 * integer n ≥ 1. Used with bd0 to evaluate a pmf at its mode without the cancellation
 * of ln Γ terms near 1e7 (which would cost ~1e-9 of relative accuracy at λ = 1e6).
 * C. Loader, "Fast and accurate computation of binomial probabilities" (2000).
 */
const STIRLING_ERROR_SMALL = [
  0, 0.08106146679532726, 0.041340695955409294, 0.027677925684998339,
  0.020790672103765093, 0.016644691189821192, 0.013876128823070748, 0.01189670994589177,
  0.010411265261972096, 0.0092554621827127329, 0.0083305634333628713, 0.0075736754879518408,
  0.0069428401072095299, 0.0064089941880042071, 0.0059513701127588477, 0.0055547335519628014,
];
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

export function stirlingError(n: number): number {
  if (n <= 15) return STIRLING_ERROR_SMALL[n] ?? NaN;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Deviance term x ln(x / m) + m - x, summed as a series when x ≈ m because the direct
 * form is a difference of nearly equal numbers there (Loader 2000).
 */
export function bd0(x: number, m: number): number {
  const d = x - m;
  if (Math.abs(d) < 0.1 * (x + m)) {
    let v = d / (x + m);
    let s = d * v;
    if (Math.abs(s) < DBL_MIN) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 3; j < 2000; j += 2) {
      ej *= v;
      const s1 = s + ej / j;
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** Poisson pmf P(X = k) for integer k ≥ 0 and λ > 0, to near full relative precision. */
export function poissonPmf(k: number, lambda: number): number {
  if (k === 0) return Math.exp(-lambda);
  return Math.exp(-stirlingError(k) - bd0(k, lambda)) / Math.sqrt(2 * Math.PI * k);
}

/** Binomial pmf P(X = k) for integer 0 ≤ k ≤ n, 0 < p < 1, q = 1 - p. */
export function binomialPmf(k: number, n: number, p: number, q: number): number {
  if (k === 0) return Math.exp(n * Math.log1p(-p));
  if (k === n) return Math.exp(n * Math.log(p));
  const lc =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    bd0(k, n * p) -
    bd0(n - k, n * q);
  return Math.exp(lc) / Math.sqrt((2 * Math.PI * k * (n - k)) / n);
}
