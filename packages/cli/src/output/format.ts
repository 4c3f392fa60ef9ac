export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** People at a terminal get a table; a pipe or a file gets JSON, which a script can read. */
export function chooseFormat(requested: Format | undefined, stdoutIsTTY: boolean): Format {
  return requested ?? (stdoutIsTTY ? 'table' : 'json');
}
