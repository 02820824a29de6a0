// The settings form as data: each field's label, input type, choices and the sentence that explains it.
import type { Settings } from '../../src/shared/api.js';

/** One choice of a select; `null` is "use the detected or default value". */
export interface Choice {
  value: string | null;
  label: string;
  /** One sentence on what this choice means. */
  about?: string;
}

/** One setting in the form. */
export interface FieldSpec {
  key: keyof Settings;
  label: string;
  input: 'number' | 'text' | 'date' | 'select' | 'secret' | 'checkbox';
  /** True when an empty input means `null` (detected or default). */
  nullable: boolean;
  unit?: string;
  choices?: readonly Choice[];
  /** Shown under the field. */
  help?: string;
}

/** A group of fields under one heading. */
export interface FieldSection {
  title: string;
  fields: readonly FieldSpec[];
}

export const SETTINGS_SECTIONS: readonly FieldSection[] = [
  {
    title: 'Hardware',
    fields: [
      {
        key: 'deviceClass',
        label: 'Device class',
        input: 'select',
        nullable: true,
        choices: [
          { value: null, label: 'Detected' },
          { value: 'laptop', label: 'Laptop' },
          { value: 'desktop', label: 'Desktop' },
          { value: 'server', label: 'Server' },
        ],
        help: 'Picks the defaults for embodied carbon, lifetime and TDP.',
      },
      {
        key: 'embodiedKg',
        label: 'Embodied carbon',
        input: 'number',
        nullable: true,
        unit: 'kg CO2e',
        help: 'Manufacturing and transport emissions of this device; empty uses the class default (Boavizta).',
      },
      {
        key: 'purchaseDate',
        label: 'Purchase date',
        input: 'date',
        nullable: true,
        help: 'Empty uses the firmware date.',
      },
      { key: 'lifetimeYears', label: 'Lifetime', input: 'number', nullable: true, unit: 'years' },
      {
        key: 'amortization',
        label: 'Amortization',
        input: 'select',
        nullable: false,
        choices: [
          {
            value: 'linear',
            label: 'Linear',
            about:
              'Embodied carbon per hour is the total over the lifetime, for as long as the device runs (SCI).',
          },
          {
            value: 'remaining',
            label: 'Remaining',
            about: 'Embodied carbon stops once the device is older than its lifetime.',
          },
        ],
      },
    ],
  },
  {
    title: 'Power model',
    fields: [
      {
        key: 'cpuModel',
        label: 'CPU power curve',
        input: 'select',
        nullable: false,
        choices: [
          {
            value: 'teads',
            label: 'Teads',
            about: 'Measured curve: 12 % of TDP idle, 75 % at half load, 102 % at full load.',
          },
          {
            value: 'linear',
            label: 'Linear',
            about: 'Power is utilisation times TDP, as in Green Algorithms.',
          },
          {
            value: 'codecarbon',
            label: 'CodeCarbon',
            about: 'Power is 10 % of TDP plus 90 % times utilisation cubed.',
          },
        ],
        help: 'Used only when the power is not measured.',
      },
      { key: 'cpuTdpW', label: 'CPU TDP', input: 'number', nullable: true, unit: 'W' },
      { key: 'memoryWPerGB', label: 'Memory power', input: 'number', nullable: false, unit: 'W/GB' },
      {
        key: 'pue',
        label: 'PUE',
        input: 'number',
        nullable: false,
        help: 'Data-centre overhead; 1 for a personal device.',
      },
    ],
  },
  {
    title: 'Electricity',
    fields: [
      {
        key: 'country',
        label: 'Country',
        input: 'text',
        nullable: true,
        help: 'ISO 3166 alpha-3 code (e.g. NLD) for the annual average; empty guesses from the time zone.',
      },
      {
        key: 'customIntensity',
        label: 'Custom intensity',
        input: 'number',
        nullable: true,
        unit: 'g/kWh',
        help: 'Overrides the country average.',
      },
      {
        key: 'electricityMapsToken',
        label: 'Electricity Maps token',
        input: 'secret',
        nullable: true,
        help: 'For live intensity; the only request that leaves this computer.',
      },
    ],
  },
  {
    title: 'Attribution',
    fields: [
      {
        key: 'attribution',
        label: 'Policy',
        input: 'select',
        nullable: false,
        choices: [
          {
            value: 'capacity',
            label: 'Capacity',
            about:
              "Each app pays for its share of the machine's CPU capacity; unused capacity stays in Idle.",
          },
          {
            value: 'active',
            label: 'Active',
            about:
              'Idle power stays in Idle; apps share only the power above idle, what would vanish if they stopped.',
          },
          {
            value: 'full',
            label: 'Full',
            about: 'All power, idle included, is split among the active apps by CPU time.',
          },
        ],
      },
    ],
  },
  {
    title: 'Monitoring and privacy',
    fields: [
      { key: 'intervalS', label: 'Sampling interval', input: 'number', nullable: false, unit: 's' },
      { key: 'retentionDays', label: 'Keep history', input: 'number', nullable: false, unit: 'days' },
      {
        key: 'storeCommandLines',
        label: 'Store command lines',
        input: 'checkbox',
        nullable: false,
        help: 'Command lines can hold secrets; off, they are used for grouping only and never stored or shown.',
      },
    ],
  },
];
