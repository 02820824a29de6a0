// The domain's enumerations, each written once as an `as const` array; every type of them is derived from it.

/** Classes of device; each one picks defaults for embodied carbon, lifetime and TDP (defaults.ts). */
export const DEVICE_CLASSES = ['laptop', 'desktop', 'server'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** CPU power curves over utilisation (power.ts): Green Algorithms' linear one, TEADS, CodeCarbon. */
export const CPU_POWER_MODELS = ['linear', 'teads', 'codecarbon'] as const;
export type CpuPowerModel = (typeof CPU_POWER_MODELS)[number];

/** How one tick's energy and embodied carbon are split among apps (attribution.ts). */
export const ATTRIBUTION_POLICIES = ['capacity', 'active', 'full'] as const;
export type AttributionPolicy = (typeof ATTRIBUTION_POLICIES)[number];

/** How embodied carbon is spread over time (embodied.ts). */
export const AMORTIZATION_POLICIES = ['linear', 'remaining'] as const;
export type AmortizationPolicy = (typeof AMORTIZATION_POLICIES)[number];

/** The kinds a process can be grouped under. */
export const PROCESS_APP_KINDS = ['app', 'service', 'container', 'kernel', 'system'] as const;
export type ProcessAppKind = (typeof PROCESS_APP_KINDS)[number];

/** The rows the engine adds itself: idle capacity, processes that exited during the tick, CarbonTray. */
export const SYNTHETIC_ROW_KINDS = ['idle', 'exited', 'self'] as const;
export type SyntheticRowKind = (typeof SYNTHETIC_ROW_KINDS)[number];

/** What kind of thing a row stands for: a group of processes or one of the synthetic rows. */
export const APP_KINDS = [...PROCESS_APP_KINDS, ...SYNTHETIC_ROW_KINDS] as const;
export type AppKind = (typeof APP_KINDS)[number];

/** Where the machine's power figure came from. Anything but `model` is measured. */
export const POWER_SOURCES = ['rapl', 'battery', 'model'] as const;
export type PowerSource = (typeof POWER_SOURCES)[number];

/** Where the carbon intensity came from; `annual-fallback` means the live provider failed. */
export const INTENSITY_SOURCES = ['annual', 'custom', 'live', 'annual-fallback'] as const;
export type IntensitySource = (typeof INTENSITY_SOURCES)[number];

/**
 * Why a stretch of time was never attributed: the machine slept (`suspend`), the engine was starved (`stall`),
 * the wall clock was set forward (`clock`), the user paused, or the engine was not running (`stopped`).
 */
export const GAP_REASONS = ['suspend', 'stall', 'clock', 'paused', 'stopped'] as const;
export type GapReason = (typeof GAP_REASONS)[number];
