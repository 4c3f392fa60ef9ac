/**
 * Golden values are kept to 10 significant digits: enough for any tolerance of at least 1e-9
 * relative, and short enough that a diff shows which values moved rather than rounding noise.
 */
export const GOLDEN_DIGITS = 10;

/** `7110`, `2.199315068`, `1.364e-11`: toPrecision without its trailing zeros. */
export function goldenNumber(value: number | null): string {
  return significant(value, GOLDEN_DIGITS);
}

/** A number to `digits` significant digits, trailing zeros dropped; '' for none. */
export function significant(value: number | null, digits: number): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return '0';
  const text = value.toPrecision(digits);
  const [mantissa = text, exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent.replace(/^\+/, '')}`;
}

/** The inverse of goldenNumber; undefined when the text is not a number. */
export function parseGoldenNumber(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  if (t === 'NaN') return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

/** Numbers in check reports: 7 significant digits, enough to see a drift of 1e-6; '—' for none. */
export function reportNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : significant(value, 7);
}
