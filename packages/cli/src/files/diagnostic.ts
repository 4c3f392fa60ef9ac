/**
 * One problem with a user's file, in the shape editors and terminals already understand
 * (`file:line:col: message`), so that a click or a jump-to-error lands on the spot.
 */
export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as editors count them. */
  column: number;
  message: string;
  /** A stable name a program or a test can switch on; the message may be reworded. */
  code?: string;
}

/** A position in a file; both numbers are 1-based. */
export interface Position {
  line: number;
  column: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/**
 * Top to bottom within each file, as a reader goes through it. Files keep the order in which
 * they first appear (a scenario before the file it extends), and ties keep the order found.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of diagnostics) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  const rank = (d: Diagnostic): number => fileOrder.get(d.file) ?? 0;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}
