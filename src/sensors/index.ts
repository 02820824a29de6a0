// The public surface of src/sensors: readers of this machine, for the engine and the measure command.
//
// Engine, every tick: `sampler.sample()` (or `LinuxProcessSampler.sampleSync()`), `cpu.read()`,
// `grouper.groupAll(snapshot.processes, (id) => sampler.commandLine(id))`, then power from
// `RaplReader` > `BatteryReader` > the model, plus `NvidiaSmiReader` for GPUs. `HardwareReader` once.
// While nobody looks: `CgroupCpuReader` for the apps' cgroups, and the full process sample less often.
// measure: `parseProcStat`, `LinuxProcessSampler.sampleTreeSync(rootPid)` / `readPids(pids)`, `subtree`.
// Command lines never appear in samples; `commandLine(id)` exists for grouping only (DESIGN.md, Privacy).

export type { ProcessAppKind, ProcessSample, ProcessSampler, ProcessSnapshot } from './types.js';
export { createProcessSampler } from './processes.js';
export { LinuxProcessSampler } from './processes-linux.js';
export type { LinuxSamplerOptions } from './processes-linux.js';
export { parseProcStat } from './proc-parse.js';
export type { ProcStat } from './proc-parse.js';
export { byPid, subtree } from './process-tree.js';

export { CpuTotalsReader, OsCpuTotalsReader } from './cpu.js';
export type { CpuTotalsSample } from './cpu.js';
export { CgroupCpuReader } from './cgroup-cpu.js';

export { AppGrouper } from './grouping.js';
export type { AppGrouperOptions, AppIdentity } from './grouping.js';
export { DEFAULT_APPLICATION_DIRS, DesktopEntries } from './desktop-entries.js';

export { HardwareReader, resolveTdp } from './hardware.js';
export type { HardwareInventory, HardwareRoots, TdpResolution } from './hardware.js';

export type { PowerReading } from './power-reading.js';
export { RaplReader } from './rapl.js';
export type { RaplDetail, RaplDomainTick } from './rapl.js';
export { BatteryReader } from './battery.js';
export type { BatteryTick } from './battery.js';
export { NvidiaSmiReader } from './nvidia-smi.js';
export type { GpuBoardSample, GpuDetail, GpuProcessSample } from './nvidia-smi.js';
