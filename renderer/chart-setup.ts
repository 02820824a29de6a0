// Chart.js itself, loaded on demand (only the History screen and the app detail draw charts): the parts used.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { formatGrams } from '../src/shared/format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** A stacked bar chart of grams per bucket, without animation (live data), sized by its container. */
export function createStackedBarChart(canvas: HTMLCanvasElement, legend: boolean): Chart<'bar'> {
  return new Chart(canvas, {
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
        legend: { display: legend, position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatGrams(item.parsed.y ?? 0)}` },
        },
      },
    },
  });
}

/** The font of the page, for chart text. */
export function useFont(family: string): void {
  Chart.defaults.font.family = family;
}
