import { Table, type TableColumn } from '@monassurance/ui';
import { formatNumber } from '../../shared/lib/format.ts';
import type { MonthCount } from './dashboard-figures.ts';

/** The drawing's own units: the SVG scales to its box, text included. */
const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 28, right: 8, bottom: 36, left: 8 };
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
/** Share of each month's band the bar fills; the rest separates bars. */
const BAR_RATIO = 0.62;

const COLUMNS: TableColumn<MonthCount>[] = [
  { key: 'month', header: 'Mois', rowHeader: true, cell: (bucket) => bucket.label },
  { key: 'count', header: 'Nombre', align: 'end', cell: (bucket) => formatNumber(bucket.count) },
];

/**
 * A bar per month, drawn with plain SVG (no chart library, no inline style: sizes are SVG
 * attributes, colours come from the stylesheet's tokens). The picture is one image named by
 * `summary`; its figures are written above the bars and given again in a table, behind a
 * disclosure, for whoever cannot read a chart.
 */
export function MonthlyBarChart({
  buckets,
  summary,
  caption,
}: {
  buckets: readonly MonthCount[];
  /** The chart in a sentence: what, when, total, peak. */
  summary: string;
  /** What is counted (« Échéances par mois »): names the scroll region and the data table. */
  caption: string;
}) {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const band = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, buckets.length);
  const barWidth = band * BAR_RATIO;
  const baseline = MARGIN.top + PLOT_HEIGHT;

  return (
    <div className="dashboard-chart">
      {/* A chart is two-dimensional content (WCAG 1.4.10 exception): on a phone it keeps a
          readable size and scrolls sideways, in a region the keyboard can reach and scroll. */}
      <div
        className="dashboard-chart__scroll"
        role="region"
        aria-label={`Graphique : ${caption}`}
        tabIndex={0}
      >
        <svg
          className="dashboard-chart__svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={summary}
          focusable="false"
        >
          <line
            className="dashboard-chart__axis"
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={baseline}
            y2={baseline}
          />
          {buckets.map((bucket, index) => {
            const height = (bucket.count / max) * PLOT_HEIGHT;
            const centre = MARGIN.left + band * index + band / 2;
            return (
              <g key={bucket.month}>
                <rect
                  className="dashboard-chart__bar"
                  x={centre - barWidth / 2}
                  y={baseline - height}
                  width={barWidth}
                  height={height}
                  rx={3}
                />
                <text
                  className="dashboard-chart__value"
                  x={centre}
                  y={baseline - height - 8}
                  textAnchor="middle"
                >
                  {bucket.count}
                </text>
                <text
                  className="dashboard-chart__label"
                  x={centre}
                  y={baseline + 22}
                  textAnchor="middle"
                >
                  {bucket.shortLabel}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <details className="dashboard-chart__data">
        <summary>Voir les données du graphique</summary>
        <Table
          caption={`${caption} (données du graphique)`}
          columns={COLUMNS}
          rows={buckets}
          getRowId={(b) => b.month}
        />
      </details>
    </div>
  );
}
