// The settings form's layout: which settings go under which heading. Each field's text, input and choices come
// from the shared table the engine validates with.
import type { Settings } from '../../src/shared/api.js';
import { SETTINGS_FIELDS, type SettingsField } from '../../src/shared/settings-fields.js';

/** One setting in the form: its row of the shared table, with its key. */
export type FieldSpec = SettingsField & { key: keyof Settings };

/** A group of fields under one heading. */
export interface FieldSection {
  title: string;
  fields: readonly FieldSpec[];
}

const LAYOUT: readonly { title: string; keys: readonly (keyof Settings)[] }[] = [
  {
    title: 'Hardware',
    keys: ['deviceClass', 'embodiedKg', 'purchaseDate', 'lifetimeYears', 'amortization'],
  },
  { title: 'Power model', keys: ['cpuModel', 'cpuTdpW', 'memoryWPerGB', 'pue'] },
  { title: 'Electricity', keys: ['country', 'customIntensity', 'electricityMapsToken'] },
  { title: 'Attribution', keys: ['attribution'] },
  { title: 'Monitoring and privacy', keys: ['intervalS', 'retentionDays', 'storeCommandLines'] },
];

export const SETTINGS_SECTIONS: readonly FieldSection[] = LAYOUT.map(({ title, keys }) => ({
  title,
  fields: keys.map((key) => ({ key, ...SETTINGS_FIELDS[key] })),
}));
