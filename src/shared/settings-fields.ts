// Every setting's metadata as data, written once: label, unit, input, range or choices, help. The engine's schema
// validates with it and the renderer builds the settings form from it.
import {
  AMORTIZATION_POLICIES,
  ATTRIBUTION_POLICIES,
  CPU_POWER_MODELS,
  DEVICE_CLASSES,
  type AmortizationPolicy,
  type AttributionPolicy,
  type CpuPowerModel,
  type DeviceClass,
} from '../core/vocabulary.js';
import type { Settings } from './api.js';

/** What people read about one choice of a select. */
export interface ChoiceText {
  label: string;
  /** One sentence on what this choice means. */
  about?: string;
}

/** One choice of a select; `null` is "use the detected or default value". */
export interface Choice extends ChoiceText {
  value: string | null;
}

/** The numbers a numeric setting accepts. */
export interface NumberRange {
  min: number;
  max: number;
  /** True when `min` itself is refused (a lifetime of 0 years means nothing). */
  minExclusive?: boolean;
  integer?: boolean;
  /** What the number counts, as refusals say it: "must be a number of <quantity> …". */
  quantity: string;
}

/** What a free-text setting must look like; the engine's schema has one check per format. */
export type TextFormat = 'iso-date' | 'country' | 'token';

interface FieldCommon {
  label: string;
  /** True when an empty value means `null`: the detected or default value. */
  nullable: boolean;
  /** Shown next to the input. */
  unit?: string;
  /** One sentence shown under the field. */
  help?: string;
}

/** One setting: its text for people and what values it takes, by kind of input. */
export type SettingsField = FieldCommon &
  (
    | { input: 'number'; range: NumberRange }
    | { input: 'select'; choices: readonly Choice[] }
    | { input: 'text' | 'date' | 'secret'; format: TextFormat }
    | { input: 'checkbox' }
  );

/** The choices of an enumeration, in the order of its array in src/core, with their text for people. */
function choicesOf<V extends string>(values: readonly V[], texts: Readonly<Record<V, ChoiceText>>): Choice[] {
  return values.map((value) => ({ value, ...texts[value] }));
}

const DEVICE_CLASS_TEXTS: Readonly<Record<DeviceClass, ChoiceText>> = {
  laptop: { label: 'Laptop' },
  desktop: { label: 'Desktop' },
  server: { label: 'Server' },
};

const AMORTIZATION_TEXTS: Readonly<Record<AmortizationPolicy, ChoiceText>> = {
  linear: {
    label: 'Linear',
    about: 'Embodied carbon per hour is the total over the lifetime, for as long as the device runs (SCI).',
  },
  remaining: {
    label: 'Remaining',
    about: 'Embodied carbon stops once the device is older than its lifetime.',
  },
};

const CPU_POWER_MODEL_TEXTS: Readonly<Record<CpuPowerModel, ChoiceText>> = {
  linear: { label: 'Linear', about: 'Power is utilisation times TDP, as in Green Algorithms.' },
  teads: {
    label: 'Teads',
    about: 'Measured curve: 12 % of TDP idle, 75 % at half load, 102 % at full load.',
  },
  codecarbon: { label: 'CodeCarbon', about: 'Power is 10 % of TDP plus 90 % times utilisation cubed.' },
};

const ATTRIBUTION_TEXTS: Readonly<Record<AttributionPolicy, ChoiceText>> = {
  capacity: {
    label: 'Capacity',
    about: "Each app pays for its share of the machine's CPU capacity; unused capacity stays in Idle.",
  },
  active: {
    label: 'Active',
    about:
      'Idle power stays in Idle; apps share only the power above idle, what would vanish if they stopped.',
  },
  full: { label: 'Full', about: 'All power, idle included, is split among the active apps by CPU time.' },
};

/** Every setting, in the order of the `Settings` contract (the schema's key order and the form's). */
export const SETTINGS_FIELDS: { readonly [K in keyof Settings]: SettingsField } = {
  deviceClass: {
    label: 'Device class',
    input: 'select',
    nullable: true,
    choices: [{ value: null, label: 'Detected' }, ...choicesOf(DEVICE_CLASSES, DEVICE_CLASS_TEXTS)],
    help: 'Picks the defaults for embodied carbon, lifetime and TDP.',
  },
  embodiedKg: {
    label: 'Embodied carbon',
    input: 'number',
    nullable: true,
    unit: 'kg CO2e',
    range: { min: 0, max: 100_000, minExclusive: true, quantity: 'kgCO2e' },
    help: 'Manufacturing and transport emissions of this device; empty uses the class default (Boavizta).',
  },
  purchaseDate: {
    label: 'Purchase date',
    input: 'date',
    nullable: true,
    format: 'iso-date',
    help: 'Empty uses the firmware date.',
  },
  lifetimeYears: {
    label: 'Lifetime',
    input: 'number',
    nullable: true,
    unit: 'years',
    range: { min: 0, max: 50, minExclusive: true, quantity: 'years' },
  },
  amortization: {
    label: 'Amortization',
    input: 'select',
    nullable: false,
    choices: choicesOf(AMORTIZATION_POLICIES, AMORTIZATION_TEXTS),
  },
  cpuModel: {
    label: 'CPU power curve',
    input: 'select',
    nullable: false,
    choices: choicesOf(CPU_POWER_MODELS, CPU_POWER_MODEL_TEXTS),
    help: 'Used only when the power is not measured.',
  },
  cpuTdpW: {
    label: 'CPU TDP',
    input: 'number',
    nullable: true,
    unit: 'W',
    range: { min: 0, max: 2000, minExclusive: true, quantity: 'watts' },
  },
  memoryWPerGB: {
    label: 'Memory power',
    input: 'number',
    nullable: false,
    unit: 'W/GB',
    range: { min: 0, max: 10, quantity: 'W per GB' },
  },
  pue: {
    label: 'PUE',
    input: 'number',
    nullable: false,
    range: { min: 1, max: 3, quantity: '(power usage effectiveness)' },
    help: 'Data-centre overhead; 1 for a personal device.',
  },
  country: {
    label: 'Country',
    input: 'text',
    nullable: true,
    format: 'country',
    help: 'ISO 3166 alpha-3 code (e.g. NLD) for the annual average; empty guesses from the time zone.',
  },
  customIntensity: {
    label: 'Custom intensity',
    input: 'number',
    nullable: true,
    unit: 'g/kWh',
    range: { min: 0, max: 2000, quantity: 'gCO2e/kWh' },
    help: 'Overrides the country average.',
  },
  electricityMapsToken: {
    label: 'Electricity Maps token',
    input: 'secret',
    nullable: true,
    format: 'token',
    help: 'For live intensity; the only request that leaves this computer.',
  },
  attribution: {
    label: 'Policy',
    input: 'select',
    nullable: false,
    choices: choicesOf(ATTRIBUTION_POLICIES, ATTRIBUTION_TEXTS),
  },
  intervalS: {
    label: 'Sampling interval',
    input: 'number',
    nullable: false,
    unit: 's',
    range: { min: 0.5, max: 3600, quantity: 'seconds' },
  },
  retentionDays: {
    label: 'Keep history',
    input: 'number',
    nullable: false,
    unit: 'days',
    range: { min: 1, max: 36_500, integer: true, quantity: 'days' },
  },
  storeCommandLines: {
    label: 'Store command lines',
    input: 'checkbox',
    nullable: false,
    help: 'Command lines can hold secrets; off, they are used for grouping only and never stored or shown.',
  },
};

/** The keys of `Settings`, in the table's order. */
export const SETTINGS_KEYS = Object.keys(SETTINGS_FIELDS) as (keyof Settings)[];

/**
 * Keys a settings answer of the Api carries besides the settings (`PublicSettings`): derived and read-only. A patch
 * may send them back (a GET body edited and PATCHed as a whole); they are ignored, never stored.
 */
export const SETTINGS_READ_ONLY_KEYS: readonly string[] = ['electricityMapsTokenSet', 'warnings'];

/** What a masked secret starts with: the Api shows a stored secret as this plus its last characters. */
export const SECRET_MASK = '••••••';

/** How many of a secret's last characters its mask shows, and how long a secret must be to show any (at most a third). */
const SECRET_SHOWN = { chars: 4, fromLength: 12 } as const;

/** A secret as the Api shows it: `••••••1a2b` (its last 4 characters; none of a short one), or null when none is set. */
export function maskSecret(secret: string | null): string | null {
  if (secret === null) return null;
  return secret.length >= SECRET_SHOWN.fromLength
    ? `${SECRET_MASK}${secret.slice(-SECRET_SHOWN.chars)}`
    : SECRET_MASK;
}

/** The end of a secret its mask shows (`1a2b` of `••••••1a2b`), or null when the mask shows none or is not a mask. */
export function secretEnding(masked: string | null): string | null {
  if (masked === null || !masked.startsWith(SECRET_MASK)) return null;
  const ending = masked.slice(SECRET_MASK.length);
  return ending === '' ? null : ending;
}
