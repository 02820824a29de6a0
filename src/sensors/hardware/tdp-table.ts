// Bundled CPU TDP table: vendor specification figures for common families and models, each with its source.

/** One row: CPU model strings matching `pattern` have this TDP. First match wins, so specific rows come first. */
export interface TdpRow {
  pattern: RegExp;
  tdpW: number;
  /** Where the figure comes from (the vendor's specification page and the examples checked). */
  source: string;
}

const INTEL = 'Intel ARK product specifications';
const AMD = 'AMD product specifications (amd.com, "Default TDP")';

/** AMD models listed one by one: model → default TDP in W. */
const AMD_MODELS: ReadonlyArray<[string, number]> = [
  ['Ryzen 5 3600', 65],
  ['Ryzen 5 3600X', 95],
  ['Ryzen 7 3700X', 65],
  ['Ryzen 7 3800X', 105],
  ['Ryzen 9 3900X', 105],
  ['Ryzen 9 3950X', 105],
  ['Ryzen 5 5600', 65],
  ['Ryzen 5 5600X', 65],
  ['Ryzen 5 5600G', 65],
  ['Ryzen 7 5700G', 65],
  ['Ryzen 7 5700X', 65],
  ['Ryzen 7 5800X', 105],
  ['Ryzen 7 5800X3D', 105],
  ['Ryzen 9 5900X', 105],
  ['Ryzen 9 5950X', 105],
  ['Ryzen 5 7600', 65],
  ['Ryzen 5 7600X', 105],
  ['Ryzen 7 7700', 65],
  ['Ryzen 7 7700X', 105],
  ['Ryzen 9 7900', 65],
  ['Ryzen 9 7900X', 170],
  ['Ryzen 9 7950X', 170],
  ['EPYC 7402', 180],
  ['EPYC 7452', 155],
  ['EPYC 7502', 180],
  ['EPYC 7543', 225],
  ['EPYC 7702', 200],
  ['EPYC 7713', 225],
  ['EPYC 7742', 225],
  ['EPYC 7763', 280],
  ['EPYC 9554', 360],
  ['EPYC 9654', 360],
];

/** Intel server models listed one by one. */
const XEON_MODELS: ReadonlyArray<[string, number]> = [
  ['E5-2650 v4', 105],
  ['E5-2680 v4', 120],
  ['E5-2690 v4', 135],
  ['Silver 4114', 85],
  ['Silver 4210', 85],
  ['Gold 6130', 125],
  ['Gold 6140', 140],
  ['Gold 6226R', 150],
  ['Gold 6230', 125],
  ['Gold 6248', 150],
  ['Platinum 8168', 205],
  ['Platinum 8380', 270],
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The table, most specific rows first. */
export const TDP_TABLE: readonly TdpRow[] = [
  ...AMD_MODELS.map(([model, tdpW]) => ({
    pattern: new RegExp(`\\b${escape(model)}\\b(?![\\w-])`),
    tdpW,
    source: `${AMD}: ${model} ${tdpW} W`,
  })),
  ...XEON_MODELS.map(([model, tdpW]) => ({
    pattern: new RegExp(`\\bXeon.*\\b${escape(model)}\\b`),
    tdpW,
    source: `${INTEL}: Xeon ${model} TDP ${tdpW} W`,
  })),
  {
    pattern: /\bRyzen [3579] [45]\d{3}U\b/,
    tdpW: 15,
    source: `${AMD}: Ryzen 4000/5000 U-series (e.g. 4700U, 5700U) 15 W`,
  },
  {
    pattern: /\bRyzen [3579] [456]\d{3}HS\b/,
    tdpW: 35,
    source: `${AMD}: Ryzen HS-series (e.g. 4800HS, 5800HS) 35 W`,
  },
  {
    pattern: /\bRyzen [3579] [456]\d{3}H\b/,
    tdpW: 45,
    source: `${AMD}: Ryzen H-series (e.g. 4800H, 5800H, 6800H) 45 W`,
  },
  {
    pattern: /\bi9-1[234]\d{3}KS\b/,
    tdpW: 150,
    source: `${INTEL}: 12th–14th gen KS (e.g. i9-12900KS, i9-13900KS) base power 150 W`,
  },
  {
    pattern: /\bi[579]-1[234]\d{3}KF?\b/,
    tdpW: 125,
    source: `${INTEL}: 12th–14th gen K (e.g. i9-12900K, i7-13700K, i9-14900K) base power 125 W`,
  },
  {
    pattern: /\bi[3579]-1[234]\d{3}T\b/,
    tdpW: 35,
    source: `${INTEL}: 12th–14th gen T (e.g. i5-12500T, i7-13700T) base power 35 W`,
  },
  {
    pattern: /\bi[579]-1[234]\d{3}F?\b(?!-)/,
    tdpW: 65,
    source: `${INTEL}: 12th–14th gen desktop (e.g. i5-12400, i7-12700, i7-13700) base power 65 W`,
  },
  {
    pattern: /\bi[579]-1[01]\d{3}KF?\b/,
    tdpW: 125,
    source: `${INTEL}: 10th/11th gen K (e.g. i9-10900K, i7-11700K) TDP 125 W`,
  },
  {
    pattern: /\bi[579]-1[01]\d{3}F?\b(?!-)/,
    tdpW: 65,
    source: `${INTEL}: 10th/11th gen desktop (e.g. i5-10400, i7-10700, i5-11400) TDP 65 W`,
  },
  {
    pattern: /\bi[579]-[89]\d{3}KF?\b/,
    tdpW: 95,
    source: `${INTEL}: 8th/9th gen K (e.g. i7-8700K, i9-9900K) TDP 95 W`,
  },
  {
    pattern: /\bi[579]-[89]\d{3}F?\b(?!-)/,
    tdpW: 65,
    source: `${INTEL}: 8th/9th gen desktop (e.g. i5-8400, i7-8700, i7-9700) TDP 65 W`,
  },
  {
    pattern: /\bi[57]-[67]\d{3}K\b/,
    tdpW: 91,
    source: `${INTEL}: 6th/7th gen K (e.g. i7-6700K, i7-7700K) TDP 91 W`,
  },
  {
    pattern: /\bi[57]-[67]\d{3}\b(?!-)/,
    tdpW: 65,
    source: `${INTEL}: 6th/7th gen desktop (e.g. i5-6500, i7-7700) TDP 65 W`,
  },
  {
    pattern: /\bi[579]-1[234]\d{3}HX\b/,
    tdpW: 55,
    source: `${INTEL}: 12th–14th gen HX (e.g. i9-12900HX, i7-13650HX) base power 55 W`,
  },
  {
    pattern: /\bi[57]-113\d{2}H\b/,
    tdpW: 35,
    source: `${INTEL}: 11th gen H35 (e.g. i7-11370H, i5-11300H) TDP 35 W`,
  },
  {
    pattern: /\bi[3579]-\d{4,5}H[KQ]?\b/,
    tdpW: 45,
    source: `${INTEL}: H-series (e.g. i7-8750H, i7-10750H, i7-12700H) TDP/base power 45 W`,
  },
  {
    pattern: /\bi[3579]-1[234]\d{2}P\b/,
    tdpW: 28,
    source: `${INTEL}: 12th/13th gen P-series (e.g. i7-1260P, i7-1360P) base power 28 W`,
  },
  {
    pattern: /\bi[357]-11\d{2}G\d\b/,
    tdpW: 28,
    source: `${INTEL}: 11th gen UP3 (e.g. i7-1165G7) configurable TDP-up 28 W (12–28 W)`,
  },
  {
    pattern: /\bi[357]-10\d{2}G\d\b/,
    tdpW: 15,
    source: `${INTEL}: 10th gen Ice Lake (e.g. i7-1065G7) TDP 15 W`,
  },
  {
    pattern: /\bi[3579]-\d{4,5}U\b/,
    tdpW: 15,
    source: `${INTEL}: U-series (e.g. i7-8550U, i5-10210U, i7-1255U) TDP/base power 15 W`,
  },
];

/** The CPU model string without the trademark and frequency noise vendors add (`Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz`). */
export function normalizeCpuModel(model: string): string {
  return model
    .replace(/\((?:R|TM|tm)\)|[®™]/g, '')
    .replace(/\s+CPU\b|\s*@.*$|\s+\d+-Core Processor/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first table row matching a CPU model string, or null. */
export function matchTdp(cpuModel: string, table: readonly TdpRow[] = TDP_TABLE): TdpRow | null {
  const normalized = normalizeCpuModel(cpuModel);
  return table.find((row) => row.pattern.test(normalized)) ?? null;
}
