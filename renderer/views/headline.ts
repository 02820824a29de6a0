// The header: g CO2e/h now, last hour and next hour expected, the intensity and power sources, freshness.
import type { Snapshot } from '../../src/shared/api.js';
import { el, setText } from '../dom.js';
import { formatAgo, formatGPerH, formatIntensity, formatWatts } from '../../src/shared/format.js';
import { INTENSITY_SOURCE_LABELS, powerSourceLabel } from '../../src/shared/labels.js';
import { staleAfterMs } from '../../src/shared/time.js';

function stat(label: string, id: string, primary: boolean): { box: HTMLElement; value: HTMLElement } {
  const value = el('span', { class: 'stat-value', text: '—', attrs: { id } });
  const box = el('div', { class: primary ? 'stat stat-primary' : 'stat' }, [
    el('span', { class: 'stat-label', text: label, attrs: { id: `${id}-label` } }),
    value,
  ]);
  value.setAttribute('aria-labelledby', `${id}-label ${id}`);
  return { box, value };
}

/** The header; `update` takes each snapshot, `tickClock` refreshes the freshness line. */
export class HeadlineView {
  readonly element: HTMLElement;
  private readonly now = stat('Now', 'stat-now', true);
  private readonly lastHour = stat('Last hour', 'stat-last-hour', false);
  private readonly nextHour = stat('Next hour (est.)', 'stat-next-hour', false);
  private readonly intensity = el('span', { class: 'chip-text', attrs: { id: 'intensity' } });
  private readonly intensityChip = el('span', { class: 'chip', attrs: { title: '' } }, [
    el('span', { class: 'chip-icon icon-grid', attrs: { 'aria-hidden': 'true' } }),
  ]);
  private readonly power = el('span', { class: 'chip-text', attrs: { id: 'power' } });
  private readonly powerChip = el('span', { class: 'chip', attrs: { title: '' } }, [
    el('span', { class: 'chip-icon icon-power', attrs: { 'aria-hidden': 'true' } }),
  ]);
  private readonly freshness = el('span', { class: 'freshness', attrs: { id: 'freshness', role: 'status' } });
  private latest: Snapshot | null = null;

  constructor() {
    this.intensityChip.append(this.intensity);
    this.powerChip.append(this.power);
    this.element = el('header', { class: 'headline' }, [
      el('div', { class: 'stats' }, [this.now.box, this.lastHour.box, this.nextHour.box]),
      el('div', { class: 'sources' }, [this.intensityChip, this.powerChip, this.freshness]),
    ]);
    setText(this.freshness, 'Starting…');
  }

  update(snapshot: Snapshot): void {
    this.latest = snapshot;
    const { headline, machine } = snapshot;
    setText(this.now.value, formatGPerH(headline.nowGPerH));
    setText(this.lastHour.value, formatGPerH(headline.lastHourGPerH));
    setText(this.nextHour.value, formatGPerH(headline.nextHourGPerH));
    const fallback = machine.intensitySource === 'annual-fallback';
    this.intensityChip.classList.toggle('chip-warning', fallback);
    setText(
      this.intensity,
      `${formatIntensity(machine.intensityGPerKWh)} · ${INTENSITY_SOURCE_LABELS[machine.intensitySource]}`,
    );
    this.intensityChip.title = `${fallback ? 'Warning: live intensity unavailable. ' : ''}${machine.intensityDetail}`;
    setText(this.power, `${formatWatts(machine.powerW)} · ${powerSourceLabel(machine.powerSource)}`);
    this.powerChip.title = machine.powerDetail;
    this.tickClock(Date.now());
  }

  /** Says how fresh the figures are, and warns when ticks stopped arriving. */
  tickClock(nowMs: number): void {
    const s = this.latest;
    if (s === null) return;
    const ageMs = nowMs - s.at;
    const stale = !s.paused && ageMs > staleAfterMs(s.intervalS);
    this.freshness.classList.toggle('freshness-stale', stale);
    setText(this.freshness, s.paused ? 'Paused' : stale ? `No update ${formatAgo(ageMs)}` : 'Live');
    this.freshness.title = `Latest measurement ${formatAgo(ageMs)}`;
  }
}
