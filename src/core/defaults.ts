// Default assumptions of the model, each with its source; every one is a user setting (docs/ARCHITECTURE.md, "The model").
import type { DeviceClass } from './vocabulary.js';

/** Defaults for one class of device when the user has not given their own figures. */
export interface DeviceClassDefaults {
  /** Total embodied emissions TE in kgCO2e. */
  embodiedKg: number;
  embodiedSource: string;
  /** Expected lifespan in years (365 d). */
  lifetimeYears: number;
  /** CPU TDP for the whole package, or per core for servers. */
  tdpW: number | null;
  tdpWPerCore: number | null;
  tdpSource: string;
}

export const DEVICE_CLASS_DEFAULTS: Readonly<Record<DeviceClass, DeviceClassDefaults>> = {
  laptop: {
    // Boavizta's default laptop: ~180 kgCO2e manufacturing (docs/ARCHITECTURE.md).
    embodiedKg: 180,
    embodiedSource: 'Boavizta default laptop (~180 kgCO2e)',
    lifetimeYears: 4,
    tdpW: 28,
    tdpWPerCore: null,
    tdpSource: 'class default for laptops (28 W, typical U/P-series package power)',
  },
  desktop: {
    // Boavizta: desktop tower 277 kgCO2e plus a 65 kgCO2e display (docs/ARCHITECTURE.md).
    embodiedKg: 277 + 65,
    embodiedSource: 'Boavizta default desktop 277 kgCO2e + display 65 kgCO2e',
    lifetimeYears: 6,
    tdpW: 65,
    tdpWPerCore: null,
    tdpSource: 'class default for desktops (65 W, mainstream desktop TDP)',
  },
  server: {
    // Boavizta's default rack server: ~950 kgCO2e (docs/ARCHITECTURE.md).
    embodiedKg: 950,
    embodiedSource: 'Boavizta default rack server (~950 kgCO2e)',
    lifetimeYears: 4,
    tdpW: null,
    tdpWPerCore: 12,
    tdpSource: 'Green Algorithms\' "any CPU": 12 W per core',
  },
};

/** 0.375 W per GB of resident memory: 3 W per 8 GB, as in the seed article (case ART-1, docs/ARCHITECTURE.md). */
export const MEMORY_W_PER_GB = 0.375;

/** PUE of a personal device: no data-centre overhead (docs/ARCHITECTURE.md). */
export const DEFAULT_PUE = 1;
