/**
 * Numbers for people: four significant figures below a thousand, whole numbers with
 * thousands separators above. Machine formats (JSON, CSV) keep every digit instead.
 */
// Made on first use: building an Intl formatter costs milliseconds that JSON output never needs.
let formatters: { small: Intl.NumberFormat; large: Intl.NumberFormat } | undefined;
function numberFormats(): { small: Intl.NumberFormat; large: Intl.NumberFormat } {
  formatters ??= {
    small: new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4, useGrouping: false }),
    large: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
  };
  return formatters;
}

export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (!Number.isFinite(value)) return String(value);
  // -0.0000001 rounds to "-0", which reads like a loss where there is none.
  if (Math.abs(value) < 5e-13) return '0';
  const { small, large } = numberFormats();
  return Math.abs(value) >= 1000 ? large.format(value) : small.format(value);
}

/** A relative change as a signed percentage; none when the reference is zero. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null) return '—';
  const pct = ratio * 100;
  const text = formatNumber(pct);
  return `${pct > 0 && text !== '0' ? '+' : ''}${text}%`;
}

export function formatSigned(value: number | null): string {
  if (value === null) return '—';
  const text = formatNumber(value);
  return value > 0 && text !== '0' ? `+${text}` : text;
}

/** Units as the model writes them; a pure number's unit `1` says nothing to a reader. */
export function formatUnit(unit: string): string {
  return unit === '1' ? '' : unit;
}
