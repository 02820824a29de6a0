// `carbon-tray estimate`: a Green-Algorithms-style calculator over src/core, with every step shown.
import { CPU_POWER_MODELS, type CpuPowerModel } from '../../shared/api.js';
import { MEMORY_W_PER_GB, DEFAULT_PUE } from '../../engine/index.js';
import { InputError } from '../../engine/index.js';
import { estimate, type CpuPowerInput, type EstimateInput, type EstimateResult } from '../../engine/index.js';
import { annualIntensity, isKnownCountry } from '../../engine/index.js';
import { CAR_DESCRIPTION, parseDuration, parseNumber, W_PER_KW } from '../../engine/index.js';
import { SECONDS_PER_HOUR, SECONDS_PER_YEAR } from '../../shared/time.js';
import type { Command } from '../command.js';
import { flagLines, HELP_FLAG, parseFlags, type FlagSpec } from '../flags.js';
import { UsageError } from '../usage-error.js';

/** The curve of Green Algorithms, which this calculator follows unless `--model` says otherwise. */
const DEFAULT_MODEL: CpuPowerModel = 'linear';

const FLAGS = {
  duration: { type: 'string', help: 'D', about: 'how long the job runs, e.g. 40m49s, 1.5h (required)' },
  model: {
    type: 'string',
    help: 'M',
    about: `CPU power model: ${CPU_POWER_MODELS.map((m) => (m === DEFAULT_MODEL ? `${m} (default)` : m)).join(', ')}`,
  },
  'cpu-tdp': { type: 'string', help: 'W', about: "the CPU's thermal design power in watts" },
  'cpu-usage': {
    type: 'string',
    help: 'U',
    about: 'average use of the whole CPU, 0..1 (may exceed 1 slightly)',
  },
  'cpu-power-per-core': { type: 'string', help: 'W', about: 'watts per core (instead of --cpu-tdp)' },
  'cores-used': { type: 'string', help: 'N', about: 'average number of cores busy' },
  'cpu-time': { type: 'string', help: 'D', about: 'CPU time used; cores used = cpu-time / duration' },
  cores: {
    type: 'string',
    help: 'N',
    about: 'cores in the CPU (with --cpu-power-per-core: TDP = W × cores)',
  },
  'memory-gb': { type: 'string', help: 'G', about: 'average resident memory in GB' },
  'memory-power-per-gb': {
    type: 'string',
    help: 'W',
    about: `watts per GB of memory (default ${MEMORY_W_PER_GB})`,
  },
  'gpu-power': { type: 'string', help: 'W', about: 'GPU power in watts' },
  pue: {
    type: 'string',
    help: 'P',
    about: `power usage effectiveness of the data centre (default ${DEFAULT_PUE})`,
  },
  intensity: { type: 'string', help: 'G', about: 'grid carbon intensity in gCO2e/kWh' },
  country: {
    type: 'string',
    help: 'ISO3',
    about: 'country for the annual average intensity (default: world)',
  },
  'embodied-kg': { type: 'string', help: 'KG', about: "the hardware's embodied emissions in kgCO2e" },
  lifetime: { type: 'string', help: 'D', about: "the hardware's lifetime, e.g. 4y" },
  'resource-share': { type: 'string', help: 'S', about: 'share of the hardware reserved, 0..1 (default 1)' },
  'functional-units': {
    type: 'string',
    help: 'N',
    about: 'R: the functional units the job serves (default 1)',
  },
  'runs-per-year': { type: 'string', help: 'N', about: 'how often the job runs in a year' },
  json: { type: 'boolean', about: 'print one JSON object' },
  help: HELP_FLAG,
} satisfies Record<string, FlagSpec>;

type Values = Partial<Record<keyof typeof FLAGS, string | boolean>>;

/** Runs a core parser and names the flag when it refuses the value. */
function flag<T>(name: keyof typeof FLAGS, parse: (text: string) => T, values: Values): T | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  try {
    return parse(raw);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(`--${name}`, error.message);
    throw error;
  }
}

const number = (name: keyof typeof FLAGS, values: Values, min = 0) =>
  flag(name, (text) => parseNumber(text, 'the value', min), values);

function conflict(values: Values, a: keyof typeof FLAGS, b: keyof typeof FLAGS): void {
  if (values[a] !== undefined && values[b] !== undefined) {
    throw new UsageError(`--${a}`, `conflicts with --${b}; give one of them`);
  }
}

function readCpu(values: Values, model: CpuPowerModel, durationS: number): CpuPowerInput {
  conflict(values, 'cpu-tdp', 'cpu-power-per-core');
  conflict(values, 'cpu-usage', 'cores-used');
  conflict(values, 'cpu-usage', 'cpu-time');
  conflict(values, 'cores-used', 'cpu-time');
  const tdpW = number('cpu-tdp', values);
  const wPerCore = number('cpu-power-per-core', values);
  const cores = number('cores', values, 1);
  const usage = number('cpu-usage', values);
  const cpuTimeS = flag('cpu-time', parseDuration, values);
  if (cpuTimeS !== undefined && durationS === 0)
    throw new UsageError('--cpu-time', 'needs a --duration above 0');
  const coresUsed = cpuTimeS !== undefined ? cpuTimeS / durationS : number('cores-used', values);

  if (usage !== undefined) {
    const tdp = tdpW ?? (wPerCore !== undefined && cores !== undefined ? wPerCore * cores : undefined);
    if (tdp === undefined) {
      throw new UsageError('--cpu-usage', 'needs --cpu-tdp (or --cpu-power-per-core with --cores)');
    }
    return { kind: 'tdp', tdpW: tdp, utilization: usage };
  }
  if (coresUsed !== undefined) {
    const used = cpuTimeS !== undefined ? '--cpu-time' : '--cores-used';
    if (cores !== undefined && coresUsed > cores * 1.05) {
      throw new UsageError(used, `uses ${coresUsed.toFixed(2)} cores but --cores is ${cores}`);
    }
    const tdp = tdpW ?? (wPerCore !== undefined && cores !== undefined ? wPerCore * cores : undefined);
    if (tdp !== undefined && cores !== undefined)
      return { kind: 'tdp', tdpW: tdp, utilization: coresUsed / cores };
    if (wPerCore !== undefined && model === 'linear') return { kind: 'per-core', wPerCore, coresUsed };
    if (wPerCore !== undefined)
      throw new UsageError('--cores', `is needed for --model ${model} with ${used}`);
    throw new UsageError(used, 'needs --cpu-power-per-core (or --cpu-tdp with --cores)');
  }
  if (tdpW !== undefined || wPerCore !== undefined) {
    const given = tdpW !== undefined ? '--cpu-tdp' : '--cpu-power-per-core';
    throw new UsageError(given, 'needs the CPU use: --cpu-usage, --cores-used or --cpu-time');
  }
  return { kind: 'none' };
}

function readIntensity(values: Values): { intensityGPerKWh: number; detail: string } {
  conflict(values, 'intensity', 'country');
  const custom = number('intensity', values);
  if (custom !== undefined) return { intensityGPerKWh: custom, detail: 'given with --intensity' };
  const country = values.country;
  if (typeof country === 'string' && !isKnownCountry(country)) {
    throw new UsageError(
      '--country',
      `unknown country code '${country}' (use ISO 3166-1 alpha-3, e.g. NLD, FRA)`,
    );
  }
  const annual = annualIntensity(typeof country === 'string' ? country : null);
  return { intensityGPerKWh: annual.intensityGPerKWh, detail: annual.detail };
}

function readEmbodied(values: Values): EstimateInput['embodied'] {
  const embodiedKg = number('embodied-kg', values);
  const lifetimeS = flag('lifetime', parseDuration, values);
  const share = number('resource-share', values);
  if (share !== undefined && share > 1)
    throw new UsageError('--resource-share', `must be at most 1, got ${share}`);
  if (embodiedKg === undefined && lifetimeS === undefined) return null;
  if (embodiedKg === undefined) throw new UsageError('--lifetime', 'needs --embodied-kg');
  if (lifetimeS === undefined) throw new UsageError('--embodied-kg', 'needs --lifetime (e.g. 4y)');
  if (lifetimeS === 0) throw new UsageError('--lifetime', 'must be longer than 0');
  return { embodiedKg, lifetimeS, resourceShare: share ?? 1 };
}

/** Turns the flags into a validated core input; every refusal names its flag. */
export function readEstimateInput(values: Values): { input: EstimateInput; intensityDetail: string } {
  const durationS = flag('duration', parseDuration, values);
  if (durationS === undefined) throw new UsageError('--duration', 'is required (e.g. --duration 40m49s)');
  const model = (values.model ?? DEFAULT_MODEL) as CpuPowerModel;
  if (!CPU_POWER_MODELS.includes(model)) {
    throw new UsageError(
      '--model',
      `must be one of ${CPU_POWER_MODELS.join(', ')}, got '${String(values.model)}'`,
    );
  }
  const pue = number('pue', values, 1) ?? DEFAULT_PUE;
  const functionalUnits = number('functional-units', values) ?? 1;
  if (functionalUnits === 0) throw new UsageError('--functional-units', 'must be more than 0');
  const intensity = readIntensity(values);
  return {
    intensityDetail: intensity.detail,
    input: {
      durationS,
      model,
      cpu: readCpu(values, model, durationS),
      memoryGB: number('memory-gb', values) ?? 0,
      memoryWPerGB: number('memory-power-per-gb', values) ?? MEMORY_W_PER_GB,
      gpuPowerW: number('gpu-power', values) ?? 0,
      pue,
      intensityGPerKWh: intensity.intensityGPerKWh,
      embodied: readEmbodied(values),
      functionalUnits,
      runsPerYear: number('runs-per-year', values) ?? null,
    },
  };
}

const fmt = (value: number, digits = 4) => Number(value.toPrecision(digits)).toString();
/** Inputs are echoed as given (to float precision), results rounded to 4 significant digits. */
const raw = (value: number) => Number(value.toPrecision(10)).toString();

function describeCpu(input: EstimateInput, result: EstimateResult): string {
  const cpu = input.cpu;
  switch (cpu.kind) {
    case 'none':
      return 'CPU      not given: 0 W';
    case 'per-core':
      return `CPU      ${fmt(cpu.coresUsed)} cores × ${raw(cpu.wPerCore)} W/core = ${fmt(result.cpuPowerW)} W`;
    case 'tdp':
      return input.model === 'linear'
        ? `CPU      ${raw(cpu.utilization)} use × ${raw(cpu.tdpW)} W TDP = ${fmt(result.cpuPowerW)} W (linear)`
        : `CPU      ${raw(cpu.tdpW)} W TDP × f(${raw(cpu.utilization)}) = ${raw(cpu.tdpW)} × ` +
            `${fmt(result.cpuFraction ?? 0)} = ${fmt(result.cpuPowerW)} W (${input.model})`;
  }
}

/** The readable report: each step of the calculation on its own line. */
export function formatReport(input: EstimateInput, result: EstimateResult, intensityDetail: string): string {
  const hours = input.durationS / SECONDS_PER_HOUR;
  const lines = [
    describeCpu(input, result),
    `Memory   ${raw(input.memoryGB)} GB × ${raw(input.memoryWPerGB)} W/GB = ${fmt(result.memoryPowerW)} W`,
    ...(input.gpuPowerW > 0 ? [`GPU      ${fmt(input.gpuPowerW)} W`] : []),
    `Power    (${fmt(result.cpuPowerW)} + ${fmt(result.memoryPowerW)}${input.gpuPowerW > 0 ? ` + ${fmt(input.gpuPowerW)}` : ''}) W × PUE ${raw(input.pue)} = ${fmt(result.powerW)} W`,
    `Energy   ${fmt(result.powerW / W_PER_KW)} kW × ${fmt(hours)} h = ${fmt(result.energyKWh)} kWh`,
    `Carbon   ${fmt(result.energyKWh)} kWh × ${raw(result.intensityGPerKWh)} gCO2e/kWh (${intensityDetail}) = ${fmt(result.operationalG)} gCO2e operational`,
  ];
  if (input.embodied !== null) {
    const years = input.embodied.lifetimeS / SECONDS_PER_YEAR;
    lines.push(
      `Embodied ${raw(input.embodied.embodiedKg)} kg × ${fmt(hours)} h / ${fmt(years)} y × ${raw(input.embodied.resourceShare)} share = ${fmt(result.embodiedG)} gCO2e`,
    );
  }
  lines.push(`Total    ${fmt(result.totalG)} gCO2e per run`);
  if (input.functionalUnits !== 1) {
    lines.push(
      `SCI      ${fmt(result.totalG)} g / ${raw(input.functionalUnits)} units = ${fmt(result.sciG)} gCO2e per unit`,
    );
  }
  if (result.perYearKg !== null && input.runsPerYear !== null) {
    lines.push(
      `Per year ${fmt(result.totalG)} g × ${raw(input.runsPerYear)} runs = ${fmt(result.perYearKg)} kgCO2e`,
    );
  }
  const of = result.perYearKg === null ? 'per run' : 'per year';
  lines.push(`         ≈ ${fmt(result.carKm, 3)} km in ${CAR_DESCRIPTION} ${of}`);
  return lines.join('\n');
}

function usage(): string {
  return ['Usage: carbon-tray estimate --duration D [options]', '', ...flagLines(FLAGS)].join('\n');
}

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'estimate the footprint of a job from its duration, CPU, memory and grid (Green Algorithms style)',
  async run(args) {
    const values = parseFlags(args, FLAGS) as Values;
    if (values.help === true) {
      console.log(usage());
      return 0;
    }
    const { input, intensityDetail } = readEstimateInput(values);
    const result = estimate(input);
    const json = JSON.stringify({ ...result, intensityDetail }, null, 2);
    console.log(values.json === true ? json : formatReport(input, result, intensityDetail));
    return 0;
  },
};
