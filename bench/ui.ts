// UI benchmark (`npm run bench:ui`): first render with 300 rows vs 10 rows, and JS heap after 10 vs 1 min of live updates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { FIRST_RENDER_MEASURE } from '../renderer/measures.js';
import { createEngine } from '../src/engine/index.js';
import { HeadlessServer } from '../src/server/server.js';
import type { Api } from '../src/shared/api.js';
import type { SettledFeed } from '../src/shared/engine-facade.js';
import { buildRenderer } from '../test/e2e/build-renderer.js';
import { launchChromium } from '../test/e2e/chromium.js';
import { SyntheticApi } from '../test/e2e/synthetic-api.js';

/** Budgets: first render with 300 rows under 200 ms, heap after 10 min ≤ 1.2× of 1 min. */
const FIRST_RENDER_BUDGET_MS = 200;
const HEAP_GROWTH_BUDGET = 1.2;
const RENDER_RUNS = 7;
const POPUP = { width: 380, height: 560 };

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function serve(api: Api & SettledFeed): Promise<{ server: HeadlessServer; url: URL }> {
  const server = new HeadlessServer({
    api,
    host: '127.0.0.1',
    port: 0,
    token: null,
    staticDir: 'dist/renderer',
  });
  return { server, url: await server.listen() };
}

/** Opens the popup on `url` and returns the first-render measure and when it ended (ms since navigation). */
async function firstRender(
  browser: Browser,
  url: URL,
): Promise<{ renderMs: number; sinceNavigationMs: number }> {
  const page = await browser.newPage({ viewport: POPUP });
  await page.goto(url.href);
  // One evaluate that waits for the measure: polling from the test would add work to the frames measured.
  const result = await page.evaluate(
    (name) =>
      new Promise<{ renderMs: number; sinceNavigationMs: number }>((resolve) => {
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName(name)[0];
          if (entry === undefined) return;
          observer.disconnect();
          resolve({ renderMs: entry.duration, sinceNavigationMs: entry.startTime + entry.duration });
        }).observe({ type: 'measure', buffered: true });
      }),
    FIRST_RENDER_MEASURE,
  );
  await page.close();
  return result;
}

async function renderBench(browser: Browser): Promise<void> {
  const results: Record<number, { renderMs: number[]; sinceNavigationMs: number[] }> = {};
  for (const rows of [10, 300]) {
    const api = new SyntheticApi(rows, 2000);
    const { server, url } = await serve(api);
    await firstRender(browser, url); // warm-up: disk cache and code cache
    const runs = { renderMs: [] as number[], sinceNavigationMs: [] as number[] };
    for (let i = 0; i < RENDER_RUNS; i += 1) {
      const r = await firstRender(browser, url);
      runs.renderMs.push(r.renderMs);
      runs.sinceNavigationMs.push(r.sinceNavigationMs);
    }
    results[rows] = runs;
    await server.close();
  }
  const r10 = results[10] as { renderMs: number[]; sinceNavigationMs: number[] };
  const r300 = results[300] as { renderMs: number[]; sinceNavigationMs: number[] };
  console.log(
    `first render, median of ${RENDER_RUNS} page loads (snapshot in hand → rows laid out and painted):`,
  );
  console.log(
    `  10 rows:  ${median(r10.renderMs).toFixed(1)} ms   (page load → rows painted ${median(r10.sinceNavigationMs).toFixed(0)} ms)`,
  );
  console.log(
    `  300 rows: ${median(r300.renderMs).toFixed(1)} ms   (page load → rows painted ${median(r300.sinceNavigationMs).toFixed(0)} ms)`,
  );
  console.log(`  ratio 300/10 rows: ${(median(r300.renderMs) / median(r10.renderMs)).toFixed(2)}×`);
  console.log(
    `  300 rows vs budget ${FIRST_RENDER_BUDGET_MS} ms: ${(median(r300.renderMs) / FIRST_RENDER_BUDGET_MS).toFixed(2)}× (worst run ${Math.max(...r300.renderMs).toFixed(1)} ms)`,
  );
}

async function heapBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize;
}

/** One popup under live updates, sampled for heap after a forced GC. */
interface HeapWatch {
  label: string;
  page: Page;
  cdp: CDPSession;
  samples: number[];
}

async function heapBench(browser: Browser, minutes: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-ui-'));
  const engine = createEngine({ dataDir });
  await engine.start();
  const synthetic = new SyntheticApi(300, 2000);
  synthetic.start();
  const real = await serve(engine);
  const fake = await serve(synthetic);
  const watches: HeapWatch[] = [];
  for (const [label, url] of [
    ['real engine', real.url],
    ['300 synthetic rows', fake.url],
  ] as const) {
    const page = await browser.newPage({ viewport: POPUP });
    await page.goto(url.href);
    await page.waitForSelector('.row-button');
    watches.push({ label, page, cdp: await page.context().newCDPSession(page), samples: [] });
  }
  console.log(`\nJS heap under live updates (2 s ticks, ${minutes} min, after a forced GC each minute):`);
  for (let minute = 1; minute <= minutes; minute += 1) {
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    for (const w of watches) w.samples.push(await heapBytes(w.cdp));
    console.log(
      `  min ${String(minute).padStart(2)}: ${watches.map((w) => `${w.label} ${((w.samples.at(-1) as number) / 1e6).toFixed(2)} MB`).join(' · ')}`,
    );
  }
  for (const w of watches) {
    const first = w.samples[0] as number;
    const last = w.samples.at(-1) as number;
    console.log(
      `  ${w.label}: ${(first / 1e6).toFixed(2)} MB at 1 min → ${(last / 1e6).toFixed(2)} MB at ${minutes} min, ratio ${(last / first).toFixed(3)} (budget < ${HEAP_GROWTH_BUDGET})`,
    );
    await w.page.close();
  }
  await real.server.close();
  await fake.server.close();
  synthetic.stop();
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const minutes = flag('minutes', 10);
await buildRenderer();
const browser = await launchChromium();
try {
  await renderBench(browser);
  await heapBench(browser, minutes);
} finally {
  await browser.close();
}
