import type { Measure } from './load.js';

export type Target = Readonly<{ ratio?: number; p99?: number; p99Text?: string; p50?: number; p50Text?: string }>;
export type Row = Readonly<{
  id: string;
  name: string;
  m: Measure;
  unit?: string;
  baseline?: string;
  base?: Measure;
  target?: Target;
}>;

export function verdict(row: Row): 'PASS' | 'FAIL' | '' {
  if (!row.target) return '';
  const ratioOk = row.target.ratio === undefined || (row.base !== undefined && row.m.rps >= row.target.ratio * row.base.rps);
  const p99Ok = row.target.p99 === undefined || row.m.p99 <= row.target.p99;
  const p50Ok = row.target.p50 === undefined || row.m.p50 <= row.target.p50;
  return ratioOk && p99Ok && p50Ok ? 'PASS' : 'FAIL';
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** A Markdown table of the medians, also readable in a terminal. */
export function printTable(rows: readonly Row[]): string {
  const header = ['#', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'target', 'result'];
  const lines = rows.map((r) => {
    const ratio = r.base ? `${fixed(r.m.rps / r.base.rps, 2)} × ${r.baseline}` : '';
    const target = r.target
      ? [r.target.ratio !== undefined ? `≥ ${r.target.ratio} × ${r.baseline}` : '',
        r.target.p99 !== undefined ? `p99 ≤ ${r.target.p99Text ? `${r.target.p99Text} = ` : ''}${fixed(r.target.p99, 1)} ms` : '',
        r.target.p50 !== undefined ? `p50 ≤ ${r.target.p50Text ? `${r.target.p50Text} = ` : ''}${fixed(r.target.p50, 1)} ms` : '']
        .filter(Boolean).join(', ')
      : r.baseline ? 'reported' : '';
    const rps = `${fixed(r.m.rps, r.m.rps < 100 ? 1 : 0)}${r.unit ? ` ${r.unit}` : ''}`;
    return [r.id, r.name, rps, fixed(r.m.p50, 1), fixed(r.m.p99, 1), ratio, target, verdict(r)];
  });
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i]!.length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}
