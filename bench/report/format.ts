import { type Spread, spread } from '../support/stats';

/** "median (min–max)" of per-run values. */
export function fmtSpread(values: readonly number[], digits = 0, unit = ''): string {
  const s: Spread = spread(values);
  if (!Number.isFinite(s.median)) return 'n/a';
  const f = (value: number) => value.toFixed(digits);
  return values.length > 1 ? `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})` : `${f(s.median)}${unit}`;
}

export function med(values: readonly number[]): number {
  return spread(values).median;
}

export function fmt(value: number | null | undefined, digits = 0, unit = ''): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(digits)}${unit}`;
}

export function mb(bytes: number): number {
  return bytes / 1024 / 1024;
}

export function met(ok: boolean): string {
  return ok ? '**met**' : 'not met';
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
