// One measured figure, always beside a baseline measured in the same run on the same machine.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The baseline's value in the same unit (or a related one named in `name`), or null. */
  baseline: number | null;
  /** value / baseline (null without a baseline). */
  ratio: number | null;
}

export function figure(name: string, value: number, unit: string, baseline: number | null): Figure {
  const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000);
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline ? Math.round((value / baseline) * 1000) / 1000 : null,
  };
}

export function printFigures(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.baseline === null ? '—' : String(f.baseline),
    f.ratio === null ? '—' : String(f.ratio),
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[['figure', 'value', 'baseline', 'ratio'][i]!.length, ...rows.map((r) => r[i]!.length)]),
  );
  const line = (r: string[]) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`;
  console.log(line(['figure', 'value', 'baseline', 'ratio']));
  for (const r of rows) console.log(line(r));
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
