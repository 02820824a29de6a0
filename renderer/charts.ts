// Chart.js set-up shared by the views: only the parts used, colours from the theme, updates in place.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { formatGrams } from './format.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

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

/** A stacked bar chart of grams per bucket, redrawn in place when its data or the colour scheme changes. */
export class StackedGramsChart {
  private readonly chart: Chart<'bar'>;
  private series: Series[] = [];
  private readonly scheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onScheme = (): void => this.restyle();

  constructor(canvas: HTMLCanvasElement, options: { legend: boolean }) {
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { maxTicksLimit: 4, callback: (value) => formatGrams(Number(value)) },
          },
        },
        plugins: {
          legend: { display: options.legend, position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } },
          tooltip: {
            callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatGrams(item.parsed.y ?? 0)}` },
          },
        },
      },
    });
    this.scheme.addEventListener('change', this.onScheme);
    this.restyle();
  }

  /** Replaces the labels and series (same number of values as labels). */
  update(labels: string[], series: Series[]): void {
    this.series = series;
    this.chart.data.labels = labels;
    this.chart.data.datasets = series.map((s): ChartDataset<'bar'> => ({
      label: s.label,
      data: s.values,
      backgroundColor: cssVar(s.colorVar),
      borderWidth: 0,
      borderRadius: 2,
      maxBarThickness: 28,
    }));
    this.chart.update();
  }

  /** True once the chart has drawn at least one bar. */
  get hasData(): boolean {
    return this.series.some((s) => s.values.length > 0);
  }

  destroy(): void {
    this.scheme.removeEventListener('change', this.onScheme);
    this.chart.destroy();
  }

  private restyle(): void {
    const text = cssVar('--text-muted');
    const grid = cssVar('--border');
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    const scales = this.chart.options.scales ?? {};
    for (const axis of Object.values(scales)) {
      if (axis === undefined) continue;
      axis.ticks = { ...axis.ticks, color: text };
      axis.grid = { ...axis.grid, color: grid };
      if ('border' in axis) axis.border = { ...axis.border, color: grid };
    }
    const legend = this.chart.options.plugins?.legend;
    if (legend?.labels !== undefined) legend.labels.color = text;
    this.chart.data.datasets.forEach((dataset, i) => {
      const s = this.series[i];
      if (s !== undefined) dataset.backgroundColor = cssVar(s.colorVar);
    });
    this.chart.update();
  }
}
