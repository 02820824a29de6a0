// Tests of the hardware inventory's cheap path on fixture trees, the TDP table and the DMI helpers.
import { describe, expect, it } from 'vitest';
import { DEVICE_CLASS_DEFAULTS } from '../../../src/core/defaults.js';
import { chassisClass, dmiValue, firmwareDateIso } from '../../../src/sensors/hardware/dmi.js';
import { HardwareReader, resolveTdp, withOsFacts } from '../../../src/sensors/hardware/inventory.js';
import { TDP_TABLE, matchTdp, normalizeCpuModel } from '../../../src/sensors/hardware/tdp-table.js';

const F = 'test/fixtures';

describe('HardwareReader.readCheap', () => {
  it('reads the laptop fixture: DMI, cpuinfo, meminfo, batteries, and the table TDP', () => {
    const hw = new HardwareReader({ sysRoot: `${F}/sys/laptop`, procRoot: `${F}/proc/laptop` }).readCheap();
    expect(hw).toMatchObject({
      cpuModel: 'Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz',
      cores: 8,
      memoryBytes: 16202356 * 1024, // MemTotal 16202356 kB
      deviceClass: 'laptop', // chassis_type 10 = Notebook
      manufacturer: 'LENOVO',
      model: '20KHCTO1WW',
      firmwareDate: '2018-05-11', // bios_date 05/11/2018
      batteries: 1, // BAT0; the mouse's battery has scope Device
      gpus: null,
    });
    // Intel ARK: i7-8550U TDP 15 W
    expect(hw.tdp).toMatchObject({ tdpW: 15, source: 'table' });
    expect(hw.tdp.note).toContain('Intel ARK');
  });

  it('turns placeholders into null and uses the class default for an unmatched CPU', () => {
    const hw = new HardwareReader({
      sysRoot: `${F}/sys/desktop`,
      procRoot: `${F}/proc/captured`,
    }).readCheap();
    expect(hw).toMatchObject({
      manufacturer: 'ASRock',
      model: 'B450M Pro4',
      deviceClass: 'desktop',
      batteries: 0,
      cpuModel: 'AMD EPYC',
      cores: 2,
    });
    expect(hw.tdp).toEqual({
      tdpW: DEVICE_CLASS_DEFAULTS.desktop.tdpW,
      source: 'class-default',
      note: DEVICE_CLASS_DEFAULTS.desktop.tdpSource,
    });
  });

  it('gives a server the per-core default and leaves unknown facts null', () => {
    const server = new HardwareReader({
      sysRoot: `${F}/sys/server`,
      procRoot: `${F}/proc/captured`,
    }).readCheap();
    expect(server.deviceClass).toBe('server');
    expect(server.tdp.tdpW).toBe(12 * 2); // Green Algorithms 12 W per core × the captured 2 CPUs
    const bare = new HardwareReader({
      sysRoot: `${F}/no-such-sys`,
      procRoot: `${F}/no-such-proc`,
    }).readCheap();
    expect(bare).toMatchObject({
      cpuModel: null,
      cores: null,
      memoryBytes: null,
      deviceClass: null,
      manufacturer: null,
      firmwareDate: null,
      batteries: null,
    });
    expect(bare.tdp.source).toBe('class-default');
    expect(bare.tdp.note).toContain('desktop assumed');
  });
});

describe('withOsFacts (no procfs or DMI: macOS, Windows)', () => {
  const bare = new HardwareReader({ sysRoot: `${F}/no-such-sys`, procRoot: `${F}/no-such-proc` }).readCheap();

  it("fills what the files lacked from Node's os module and finds the CPU's TDP from that model", () => {
    // os.cpus()[0].model as Node reports it for this laptop's CPU; 8 logical CPUs; 16 GiB.
    const hw = withOsFacts(bare, {
      cpuModel: 'Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz',
      cores: 8,
      memoryBytes: 17_179_869_184,
    });
    expect(hw).toMatchObject({ cpuModel: 'Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz', cores: 8 });
    expect(hw.memoryBytes).toBe(17_179_869_184);
    // Intel ARK: i7-8550U TDP 15 W
    expect(hw.tdp).toMatchObject({ tdpW: 15, source: 'table' });
  });

  it('keeps what the files gave, and treats empty answers as unknown', () => {
    const laptop = new HardwareReader({
      sysRoot: `${F}/sys/laptop`,
      procRoot: `${F}/proc/laptop`,
    }).readCheap();
    expect(withOsFacts(laptop, { cpuModel: 'Other CPU', cores: 2, memoryBytes: 1 })).toEqual(laptop);
    const none = withOsFacts(bare, { cpuModel: '  ', cores: 0, memoryBytes: 0 });
    expect(none).toMatchObject({ cpuModel: null, cores: null, memoryBytes: null });
    expect(none.tdp).toEqual(bare.tdp);
  });
});

describe('TDP table', () => {
  it('matches models to the vendor figures (each cited in the row source)', () => {
    const cases: Array<[string, number]> = [
      ['Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz', 15], // ARK 122589
      ['11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz', 28],
      ['12th Gen Intel(R) Core(TM) i7-1260P', 28],
      ['12th Gen Intel(R) Core(TM) i7-12700H', 45],
      ['Intel(R) Core(TM) i9-9900K CPU @ 3.60GHz', 95],
      ['13th Gen Intel(R) Core(TM) i9-13900K', 125],
      ['13th Gen Intel(R) Core(TM) i9-13900KS', 150],
      ['Intel(R) Core(TM) i5-10400 CPU @ 2.90GHz', 65],
      ['AMD Ryzen 7 5800X 8-Core Processor', 105],
      ['AMD Ryzen 5 3600 6-Core Processor', 65],
      ['AMD Ryzen 5 3600X 6-Core Processor', 95],
      ['AMD Ryzen 7 5700U with Radeon Graphics', 15],
      ['AMD EPYC 7763 64-Core Processor', 280],
      ['Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz', 150],
    ];
    for (const [model, tdpW] of cases) expect([model, matchTdp(model)?.tdpW]).toEqual([model, tdpW]);
  });

  it('does not match models it has no figure for', () => {
    for (const model of ['AMD EPYC', 'Apple M2', 'Intel(R) Core(TM) i3-12100', 'ARMv8 Processor rev 1 (v8l)'])
      expect(matchTdp(model)).toBeNull();
  });

  it('has a positive figure and a source on every row', () => {
    for (const row of TDP_TABLE) {
      expect(row.tdpW).toBeGreaterThan(0);
      expect(row.source).toMatch(/Intel ARK|AMD product/);
    }
    expect(normalizeCpuModel('Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz')).toBe('Intel Core i7-8550U');
  });

  it('resolves the class default for laptops from src/core/defaults.ts', () => {
    expect(resolveTdp('Apple M2', 'laptop', 8)).toEqual({
      tdpW: 28,
      source: 'class-default',
      note: DEVICE_CLASS_DEFAULTS.laptop.tdpSource,
    });
  });
});

describe('DMI helpers', () => {
  it('classify SMBIOS chassis types (DSP0134) and parse BIOS dates', () => {
    expect([chassisClass(10), chassisClass(3), chassisClass(23), chassisClass(2)]).toEqual([
      'laptop',
      'desktop',
      'server',
      null,
    ]);
    expect(firmwareDateIso('11/23/2020\n')).toBe('2020-11-23');
    expect(firmwareDateIso('2021-03-15')).toBe('2021-03-15');
    expect(firmwareDateIso('13/45/2020')).toBeNull();
    expect(dmiValue(' System Product Name ')).toBeNull();
  });
});
