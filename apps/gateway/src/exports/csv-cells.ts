/** One CSV field's text: numbers as JavaScript writes them, missing values empty. */
type CellValue = string | number | boolean | undefined;

/**
 * For the spreadsheet-bound CSV export: every field quoted (RFC 4180), and formula injection neutralised: model
 * text is untrusted, and a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, tab or CR as a formula. Some
 * spreadsheets (and people re-importing with another separator) also split a field at `,` or `;`, so the same
 * characters right after one of those (spaces allowed between) are neutralised too. The neutraliser is a `'` put
 * before the character, as OWASP recommends: the text stays readable and no spreadsheet evaluates it.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '""';
  const text = typeof value === 'string' ? neutraliseFormulas(value) : String(value);
  return quoted(text);
}

const FORMULA_START = /(^|[,;])( *)([=+\-@\t\r])/g;

export function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_START, "$1$2'$3");
}

/** For data standards (Darwin Core, Camtrap DP): the value kept exactly, every field quoted. */
export function exactQuotedCell(value: CellValue): string {
  return quoted(value === undefined ? '' : String(value));
}

/**
 * For Frictionless tables (Camtrap DP): quoted only when the text needs it, so that a missing value is an empty
 * field (a quoted "" would be an empty string, which Table Schema also reads as missing, but plain is clearer).
 */
export function exactMinimalCell(value: CellValue): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? quoted(text) : text;
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
