// The Hardware & settings screen: one form field per setting, saved on change, engine errors shown at the field.
import type {
  Api,
  HardwareInfo,
  HardwareSummary,
  PublicSettings,
  Settings,
  SettingsPatch,
  SettingsWarning,
  Snapshot,
} from '../../src/shared/api.js';
import { el, setText } from '../dom.js';
import { describeRefusal } from '../../src/shared/errors.js';
import { formatBytes, formatGPerH, formatPercent, formatYears } from '../../src/shared/format.js';
import { secretEnding } from '../../src/shared/settings-fields.js';
import { type FieldSpec, SETTINGS_SECTIONS } from './settings-fields.js';

type Control = HTMLInputElement | HTMLSelectElement;

interface FieldView {
  spec: FieldSpec;
  control: Control;
  hint: HTMLElement;
  about: HTMLElement;
  error: HTMLElement;
  /** Why the stored value of this setting is not used (a hand-edited value the engine refused). */
  warning: HTMLElement;
  state: HTMLElement;
  wrapper: HTMLElement;
  /** A secret's Clear button (a secret is never shown, so emptying the field cannot clear it). */
  clear?: HTMLButtonElement;
}

const AGE_SOURCES: Record<HardwareSummary['ageSource'], string> = {
  'purchase-date': 'from the purchase date',
  'firmware-date': 'from the firmware date',
  unknown: 'set the purchase date to count it',
};

/**
 * The value a control holds, as the patch sends it: empty → null, numbers as numbers, anything else as typed. An
 * empty secret sends nothing (`undefined`): the field never holds the stored secret, so empty means "keep it".
 */
function readControl(spec: FieldSpec, control: Control): unknown {
  if (spec.input === 'checkbox') return (control as HTMLInputElement).checked;
  const text = control.value.trim();
  if (spec.input === 'secret' && text === '') return undefined;
  if (text === '') return spec.nullable ? null : text;
  if (spec.input === 'number') {
    const value = Number(text);
    // Text that is not a number goes to the engine as typed, so its message names the problem.
    return Number.isFinite(value) ? value : text;
  }
  return spec.key === 'country' ? text.toUpperCase() : text;
}

function writeControl(spec: FieldSpec, control: Control, value: Settings[keyof Settings]): void {
  if (spec.input === 'checkbox') (control as HTMLInputElement).checked = value === true;
  // The Api shows a secret masked; the field stays empty for a new one, its placeholder says whether one is set.
  else if (spec.input === 'secret') control.value = '';
  else control.value = value === null || value === undefined ? '' : String(value);
}

/** What a secret's field shows while empty: `set (ends 1a2b)`, `set`, or `not set`. */
function secretState(masked: string | null): string {
  if (masked === null) return 'not set';
  const ending = secretEnding(masked);
  return ending === null ? 'set' : `set (ends ${ending})`;
}

/** A warning's message without its leading field key (the label next to it says that already). */
function withoutKey(warning: SettingsWarning): string {
  return warning.message.startsWith(`${warning.field}: `)
    ? warning.message.slice(warning.field.length + 2)
    : warning.message;
}

/** The settings form; `show(snapshot)` keeps the in-use values and the embodied-rate effect live. */
export class SettingsView {
  readonly element: HTMLElement;
  private readonly fields = new Map<keyof Settings, FieldView>();
  private readonly hardwareList = el('dl', { class: 'facts hardware-facts' });
  private readonly embodiedRate = el('strong', { class: 'num', attrs: { id: 'embodied-rate' }, text: '—' });
  private readonly embodiedWas = el('span', { class: 'effect-was', attrs: { id: 'embodied-was' } });
  /** What the engine found wrong in the stored settings file (hidden while there is nothing). */
  private readonly warningList = el('ul', { class: 'settings-warnings-list' });
  private readonly warningBox = el(
    'div',
    { class: 'settings-warnings', attrs: { id: 'settings-warnings', role: 'status', hidden: '' } },
    [
      el('p', { class: 'settings-warnings-title', text: 'Not used from the settings file' }),
      this.warningList,
    ],
  );
  private settings: PublicSettings | null = null;
  private hardware: HardwareInfo | null = null;
  private summary: HardwareSummary | null = null;
  private before: { gPerH: number; lifetimeYears: number } | null = null;

  constructor(private readonly api: Api) {
    const form = el('form', { class: 'settings-form', attrs: { novalidate: '', 'aria-label': 'Settings' } });
    form.addEventListener('submit', (event) => event.preventDefault());
    for (const section of SETTINGS_SECTIONS) {
      const fieldset = el('fieldset', {}, [el('legend', { text: section.title })]);
      for (const spec of section.fields) fieldset.append(this.buildField(spec));
      form.append(fieldset);
    }
    const lifetime = this.fields.get('lifetimeYears');
    lifetime?.hint.after(
      el('p', { class: 'effect', attrs: { 'aria-live': 'polite' } }, [
        'Embodied rate ',
        this.embodiedRate,
        this.embodiedWas,
      ]),
    );
    this.element = el(
      'section',
      { class: 'screen settings-screen', attrs: { 'aria-label': 'Hardware and settings' } },
      [el('h2', { class: 'section-title', text: 'This computer' }), this.hardwareList, this.warningBox, form],
    );
  }

  /** Loads the settings and the hardware inventory (the screen became visible). */
  async activate(): Promise<void> {
    const [settings, hardware] = await Promise.all([this.api.getSettings(), this.api.getHardware()]);
    this.hardware = hardware;
    this.applySettings(settings);
    this.renderHints();
  }

  show(snapshot: Snapshot): void {
    this.summary = snapshot.hardware;
    this.renderHints();
  }

  private buildField(spec: FieldSpec): HTMLElement {
    const id = `set-${spec.key}`;
    let control: Control;
    if (spec.input === 'select') {
      control = el('select', { attrs: { id } });
      for (const choice of spec.choices)
        control.append(el('option', { text: choice.label, attrs: { value: choice.value ?? '' } }));
    } else {
      const type = { number: 'text', text: 'text', date: 'date', secret: 'password', checkbox: 'checkbox' }[
        spec.input
      ];
      control = el('input', { attrs: { id, type, autocomplete: 'off', spellcheck: 'false' } });
      if (spec.input === 'number') control.setAttribute('inputmode', 'decimal');
    }
    const hint = el('p', { class: 'hint', attrs: { id: `hint-${spec.key}` } });
    const about = el('p', { class: 'about', attrs: { id: `about-${spec.key}` } });
    const error = el('p', { class: 'error', attrs: { id: `error-${spec.key}`, role: 'alert' } });
    const warning = el('p', { class: 'warning', attrs: { id: `warning-${spec.key}` } });
    const state = el('span', { class: 'save-state', attrs: { 'aria-live': 'polite' } });
    control.setAttribute(
      'aria-describedby',
      `error-${spec.key} warning-${spec.key} hint-${spec.key} about-${spec.key}`,
    );
    control.addEventListener('change', () => void this.save(spec));
    const label = el('label', { text: spec.label, attrs: { for: id } });
    const unit = spec.unit === undefined ? [] : [el('span', { class: 'unit', text: spec.unit })];
    let clear: HTMLButtonElement | undefined;
    if (spec.input === 'secret') {
      clear = el('button', {
        class: 'clear-secret',
        text: 'Clear',
        attrs: { type: 'button', id: `clear-${spec.key}`, hidden: '' },
      });
      clear.addEventListener('click', () => void this.save(spec, true));
    }
    const wrapper = el('div', { class: `field field-${spec.input}`, attrs: { 'data-field': spec.key } }, [
      label,
      el('div', { class: 'control' }, [control, ...unit, ...(clear ? [clear] : []), state]),
      error,
      warning,
      hint,
      about,
    ]);
    this.fields.set(spec.key, { spec, control, hint, about, error, warning, state, wrapper, clear });
    return wrapper;
  }

  /** Saves the field's value (`null` for a secret's Clear); an empty secret field keeps the stored one. */
  private async save(spec: FieldSpec, clear = false): Promise<void> {
    const view = this.fields.get(spec.key);
    if (view === undefined) return;
    const value = clear ? null : readControl(spec, view.control);
    if (value === undefined) return;
    const patch = { [spec.key]: value } as SettingsPatch;
    if (spec.key === 'lifetimeYears' && this.summary !== null) {
      this.before = { gPerH: this.summary.embodiedGPerH, lifetimeYears: this.summary.lifetimeYears };
    }
    setText(view.state, 'Saving…');
    try {
      const saved = await this.api.updateSettings(patch);
      this.clearError(view);
      this.applySettings(saved);
      setText(view.state, 'Saved');
    } catch (error) {
      const { field, message } = describeRefusal(error);
      const target = (field === null ? undefined : this.fields.get(field as keyof Settings)) ?? view;
      // The engine prefixes its message with the field's key; next to the field, the label says that already.
      setText(target.error, message.replace(new RegExp(`^${target.spec.key}:\\s*`), ''));
      target.control.setAttribute('aria-invalid', 'true');
      target.wrapper.classList.add('field-invalid');
      setText(view.state, 'Not saved');
      this.before = null;
    }
    this.renderHints();
  }

  private clearError(view: FieldView): void {
    setText(view.error, '');
    view.control.removeAttribute('aria-invalid');
    view.wrapper.classList.remove('field-invalid');
  }

  private applySettings(settings: PublicSettings): void {
    this.settings = settings;
    for (const view of this.fields.values()) {
      if (view.control.getAttribute('aria-invalid') === 'true') continue;
      if (view.spec.input === 'secret') {
        // Emptied even while focused (Enter saves): a typed secret does not stay in the page.
        view.control.value = '';
        this.showSecret(view, settings[view.spec.key] as string | null);
        continue;
      }
      if (document.activeElement === view.control && view.spec.input !== 'select') continue;
      writeControl(view.spec, view.control, settings[view.spec.key]);
    }
    this.renderWarnings(settings.warnings);
  }

  /** A secret's field: empty, its placeholder saying whether one is set (and how it ends), Clear while set. */
  private showSecret(view: FieldView, masked: string | null): void {
    if (view.control instanceof HTMLInputElement) view.control.placeholder = secretState(masked);
    if (view.clear !== undefined) view.clear.hidden = masked === null;
  }

  /** The stored values the engine does not use: at their field, and all of them in the box above the form. */
  private renderWarnings(warnings: readonly SettingsWarning[]): void {
    for (const view of this.fields.values()) {
      const warning = warnings.find((w) => w.field === view.spec.key);
      setText(view.warning, warning === undefined ? '' : withoutKey(warning));
      view.wrapper.classList.toggle('field-warned', warning !== undefined);
    }
    this.warningList.replaceChildren(
      ...warnings.map((w) => {
        const label = this.fields.get(w.field as keyof Settings)?.spec.label;
        return el('li', { text: label === undefined ? w.message : `${label}: ${withoutKey(w)}` });
      }),
    );
    this.warningBox.hidden = warnings.length === 0;
  }

  private hint(key: keyof Settings, text: string): void {
    const view = this.fields.get(key);
    if (view !== undefined) setText(view.hint, [text, view.spec.help].filter(Boolean).join(' '));
  }

  private renderHints(): void {
    for (const view of this.fields.values()) {
      const { spec, control } = view;
      const chosen =
        spec.input === 'select' ? spec.choices.find((c) => (c.value ?? '') === control.value) : undefined;
      setText(view.about, chosen?.about ?? '');
      setText(view.hint, spec.help ?? '');
    }
    const settings = this.settings;
    for (const view of this.fields.values()) {
      if (view.spec.input !== 'secret' || settings === null) continue;
      const masked = settings[view.spec.key] as string | null;
      const state = secretState(masked);
      this.hint(
        view.spec.key,
        masked === null
          ? 'Not set.'
          : `${state[0]?.toUpperCase()}${state.slice(1)}: type a new one to replace it, or Clear to remove it.`,
      );
    }
    const hw = this.summary;
    const info = this.hardware;
    if (hw !== null) {
      this.hint(
        'deviceClass',
        `In use: ${hw.deviceClass}${info?.deviceClass ? ` (detected: ${info.deviceClass})` : ''}.`,
      );
      this.hint(
        'embodiedKg',
        `In use: ${hw.embodiedKg} kg${hw.embodiedIsDefault ? ' (class default)' : ''}.`,
      );
      this.hint(
        'purchaseDate',
        hw.ageYears === null
          ? `Age unknown: ${AGE_SOURCES.unknown}.`
          : `Age ${formatYears(hw.ageYears)}, ${AGE_SOURCES[hw.ageSource]}.`,
      );
      const amortized =
        hw.amortizedFraction === null ? '' : ` · ${formatPercent(hw.amortizedFraction)} amortized`;
      this.hint('lifetimeYears', `In use: ${formatYears(hw.lifetimeYears)}${amortized}.`);
      setText(this.embodiedRate, formatGPerH(hw.embodiedGPerH));
      const before = this.before;
      setText(
        this.embodiedWas,
        before !== null && before.lifetimeYears !== hw.lifetimeYears
          ? ` at ${formatYears(hw.lifetimeYears)} (was ${formatGPerH(before.gPerH)} at ${formatYears(before.lifetimeYears)})`
          : ` at ${formatYears(hw.lifetimeYears)}`,
      );
    }
    if (info !== null) this.hint('cpuTdpW', `In use: ${info.tdpW} W, ${info.tdpNote}.`);
    // An empty field uses the detected or default value: show it greyed in the field itself.
    this.placeholder('embodiedKg', hw?.embodiedKg);
    this.placeholder('lifetimeYears', hw?.lifetimeYears);
    this.placeholder('cpuTdpW', info?.tdpW);
    this.renderHardware();
  }

  private placeholder(key: keyof Settings, value: number | undefined): void {
    const control = this.fields.get(key)?.control;
    if (control instanceof HTMLInputElement && value !== undefined) control.placeholder = String(value);
  }

  private renderHardware(): void {
    const info = this.hardware;
    if (info === null) return;
    const facts: [string, string][] = [
      ['CPU', `${info.cpuModel ?? 'unknown'}${info.cores === null ? '' : ` · ${info.cores} cores`}`],
      ['Memory', info.memoryBytes === null ? 'unknown' : formatBytes(info.memoryBytes)],
      ['Device', [info.manufacturer, info.model].filter(Boolean).join(' ') || 'unknown'],
      ['Firmware date', info.firmwareDate ?? 'unknown'],
      ['GPUs', info.gpus.length === 0 ? 'none found' : info.gpus.join(', ')],
    ];
    if (this.hardwareList.childElementCount === facts.length) return;
    this.hardwareList.replaceChildren(
      ...facts.map(([label, value]) => el('div', {}, [el('dt', { text: label }), el('dd', { text: value })])),
    );
  }
}
