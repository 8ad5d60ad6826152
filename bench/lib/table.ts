/** Prints rows as an aligned Markdown table (readable in a terminal and pasteable in a note). */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  const first = rows[0];
  if (!first) return;
  const headers = Object.keys(first);
  const cells = rows.map((row) => headers.map((h) => String(row[h] ?? '')));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) console.log(line(c));
}

export function stats(samples: number[]): { median: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

export const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The p-th percentile (nearest rank) of samples. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Durations (ms) of `times` runs, after `warmUp` runs that are not measured. */
export async function sample(
  times: number,
  run: (i: number) => Promise<unknown>,
  warmUp = 5,
): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await run(i);
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run(i);
    out.push(performance.now() - start);
  }
  return out;
}
