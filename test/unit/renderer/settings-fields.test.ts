// Tests that the settings form shows every setting of the shared field table once, with the table's text and choices.
import { describe, expect, it } from 'vitest';
import { SETTINGS_SECTIONS } from '../../../renderer/views/settings-fields.js';
import { SETTINGS_FIELDS, SETTINGS_KEYS } from '../../../src/shared/settings-fields.js';

describe('the settings form', () => {
  const specs = SETTINGS_SECTIONS.flatMap((section) => section.fields);

  it('has exactly the keys of the table, each once, in the table order', () => {
    expect(specs.map((spec) => spec.key)).toEqual(SETTINGS_KEYS);
  });

  it('shows each field as the table describes it (label, input, unit, choices, help)', () => {
    for (const spec of specs) {
      const { key, ...row } = spec;
      expect(row).toEqual(SETTINGS_FIELDS[key]);
    }
  });

  it('has no empty section', () => {
    for (const section of SETTINGS_SECTIONS) expect(section.fields.length).toBeGreaterThan(0);
  });
});
