/** One record of a CSV file, with the line it starts on (1-based) and where each field starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
  columns: number[];
}

/**
 * RFC 4180 CSV as csvRow writes it: quoted fields may hold commas, doubled quotes and line
 * breaks. A file's last line break is optional; blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let columns: number[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let fieldColumn = 1;
  let started = false;
  const endField = (): void => {
    fields.push(field);
    columns.push(fieldColumn);
    field = '';
  };
  const endRecord = (): void => {
    if (started || fields.length > 0) {
      endField();
      records.push({ line: recordLine, fields, columns });
    }
    fields = [];
    columns = [];
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!started) {
      recordLine = line;
      fieldColumn = column;
    }
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
        column++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
        if (c === '\n') {
          line++;
          column = 0;
        }
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      started = true;
    } else if (c === ',') {
      started = true;
      endField();
      fieldColumn = column + 1;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      column = 0;
    } else {
      field += c;
      started = true;
    }
    column++;
  }
  endRecord();
  return records;
}
