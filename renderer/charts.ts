// A stacked chart of grams per bucket for the views: Chart.js loads on first use, colours follow the theme.
import type { Chart, ChartDataset } from 'chart.js';

/** One stacked series of a chart. */
export interface Series {
  label: string;
  values: number[];
  /** A CSS custom property holding the colour, e.g. `--c-operational`. */
  colorVar: string;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * Redrawn in place when its data or the colour scheme changes; data given before Chart.js loads is kept. Once
 * drawn, the canvas's `data-points` says how many buckets it shows.
 */
export class StackedGramsChart {
  private chart: Chart<'bar'> | null = null;
  private labels: string[] = [];
  private series: Series[] = [];
  private destroyed = false;
  private readonly scheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onScheme = (): void => this.restyle();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    options: { legend: boolean },
  ) {
    void import('./chart-setup.js').then((setup) => {
      if (this.destroyed) return;
      setup.useFont(getComputedStyle(document.body).fontFamily);
      this.chart = setup.createStackedBarChart(canvas, options.legend);
      this.scheme.addEventListener('change', this.onScheme);
      this.draw();
    });
  }

  /** Replaces the labels and series (same number of values as labels). */
  update(labels: string[], series: Series[]): void {
    this.labels = labels;
    this.series = series;
    this.draw();
  }

  destroy(): void {
    this.destroyed = true;
    this.scheme.removeEventListener('change', this.onScheme);
    this.chart?.destroy();
    this.chart = null;
  }

  private draw(): void {
    const chart = this.chart;
    if (chart === null) return;
    chart.data.labels = this.labels;
    chart.data.datasets = this.series.map((s): ChartDataset<'bar'> => ({
      label: s.label,
      data: s.values,
      backgroundColor: cssVar(s.colorVar),
      borderWidth: 0,
      borderRadius: 2,
      maxBarThickness: 28,
    }));
    this.restyle();
    this.canvas.dataset.points = String(this.labels.length);
  }

  private restyle(): void {
    const chart = this.chart;
    if (chart === null) return;
    const text = cssVar('--text-muted');
    const grid = cssVar('--border');
    for (const axis of Object.values(chart.options.scales ?? {})) {
      if (axis === undefined) continue;
      axis.ticks = { ...axis.ticks, color: text };
      axis.grid = { ...axis.grid, color: grid };
      if ('border' in axis) axis.border = { ...axis.border, color: grid };
    }
    const legend = chart.options.plugins?.legend;
    if (legend?.labels !== undefined) legend.labels.color = text;
    chart.data.datasets.forEach((dataset, i) => {
      const s = this.series[i];
      if (s !== undefined) dataset.backgroundColor = cssVar(s.colorVar);
    });
    chart.update();
  }
}
