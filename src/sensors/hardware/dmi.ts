// Pure helpers for firmware (DMI/SMBIOS) facts: placeholder filtering, chassis class, BIOS date.
import type { DeviceClass } from '../../core/vocabulary.js';

/** Values vendors leave in unset DMI fields, and systeminformation's container guess: none is a fact. */
const PLACEHOLDERS = [
  /^to be filled by o\.?e\.?m\.?$/i,
  /^default string$/i,
  /^system (product name|manufacturer|version)$/i,
  /^o\.?e\.?m\.?$/i,
  /^not (applicable|specified|available)$/i,
  /^none$/i,
  /^unknown$/i,
  /^(0+|x+|-|\s*)$/i,
  /^docker container$/i,
];

/** The trimmed value, or null when it is empty or a known placeholder. */
export function dmiValue(text: string | null | undefined): string | null {
  const value = text?.trim() ?? '';
  return value === '' || PLACEHOLDERS.some((p) => p.test(value)) ? null : value;
}

/**
 * Device class from the SMBIOS chassis type number (DMTF DSP0134, table "System Enclosure or Chassis
 * Types"); null for Other/Unknown and types that say nothing about the class.
 */
export function chassisClass(chassisType: number): DeviceClass | null {
  if ([8, 9, 10, 11, 14, 30, 31, 32].includes(chassisType)) return 'laptop'; // portable, laptop, notebook, hand held, sub notebook, tablet, convertible, detachable
  if ([3, 4, 5, 6, 7, 13, 15, 16, 24, 35, 36].includes(chassisType)) return 'desktop'; // desktop, low profile, pizza box, mini/tower, all in one, space-saving, lunch box, sealed-case PC, mini PC, stick PC
  if ([17, 23, 25, 28, 29].includes(chassisType)) return 'server'; // main server chassis, rack mount, multi-system, blade, blade enclosure
  return null;
}

/** The same classes from systeminformation's chassis type names (it maps the SMBIOS numbers to these). */
export function chassisNameClass(name: string): DeviceClass | null {
  const n = name.toLowerCase();
  if (/portable|laptop|notebook|hand held|sub notebook|tablet|convertible|detachable/.test(n))
    return 'laptop';
  if (/rack mount|server|blade|multi-system/.test(n)) return 'server';
  if (/desktop|tower|pizza box|all in one|space-saving|lunch box|sealed-case|mini pc|stick pc/.test(n))
    return 'desktop';
  return null;
}

/** DMI `bios_date` (`MM/DD/YYYY`) or an ISO date to `YYYY-MM-DD`; null when it is neither. */
export function firmwareDateIso(text: string | null): string | null {
  const value = dmiValue(text);
  if (!value) return null;
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const iso = us ? `${us[3]}-${us[1]}-${us[2]}` : /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  return iso && !Number.isNaN(Date.parse(iso)) ? iso : null;
}
