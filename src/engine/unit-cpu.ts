// The CPU of apps that are cgroup v2 units, from their cpu.stat counters every tick: which units are counted, each
// unit's own CPU (nested ones taken out), and which processes outside them are charged their own CPU only.
import type { CgroupCpuSource } from '../sensors/processes/cgroup-cpu.js';
import type { ProcessSample } from '../sensors/processes/types.js';
import type { ConsumerTick } from './rows.js';

/** A row before its CPU is known: what the process read says of an app. */
export type Consumer = Omit<ConsumerTick, 'cpuS'>;

/** An app's CPU seconds over one tick from its units' counters. */
export interface UnitShare {
  consumer: Consumer;
  cpuS: number;
}

/**
 * Which units are charged from their counters, between process reads. A unit is counted from the process read
 * that finds it until the one after its cgroup is removed, as long as all its processes land on one row.
 * Processes inside a counted unit are left out of the tree-based accounting for the window in which it was
 * counted; processes that parent another unit's processes are charged their own CPU only.
 */
export class UnitAccounting {
  private readonly counters: UnitCpuCounters;
  /** The units charged from their counters since the latest process read: cgroup → the row that gets it. */
  private counted = new Map<string, Consumer>();
  /** Processes seen parenting another unit's processes: charged their own CPU only, for as long as they live. */
  private readonly parentsOfUnits = new Set<string>();

  /** `source` null: no cgroup v2 here, every app is left to the process tree. */
  constructor(source: CgroupCpuSource | null) {
    this.counters = new UnitCpuCounters(source);
  }

  /** The unit a process is in, as its app says (`AppIdentity.unitCgroup`); undefined without counters. */
  unitOf(unitCgroup: string | undefined): string | undefined {
    return this.counters.available ? unitCgroup : undefined;
  }

  /** Whether a unit was counted since the latest process read (its processes' CPU is in its counter). */
  isCounted(unit: string): boolean {
    return this.counted.has(unit);
  }

  /**
   * Each counted unit's CPU this tick, summed per row; scaled down when together they exceed the tick's busy
   * seconds (the counters and /proc/stat are read microseconds apart, and /proc/stat counts in 1/USER_HZ ticks),
   * so the rows never add up to more than the machine.
   */
  tickShares(busyS: number): UnitShare[] {
    if (this.counted.size === 0) return [];
    const own = this.counters.read();
    const byRow = new Map<string, UnitShare>();
    let totalS = 0;
    for (const [cgroup, consumer] of this.counted) {
      const cpuS = own.get(cgroup) ?? 0;
      totalS += cpuS;
      const share = byRow.get(consumer.key);
      if (share) share.cpuS += cpuS;
      else byRow.set(consumer.key, { consumer, cpuS });
    }
    const scale = totalS > busyS ? busyS / totalS : 1;
    return [...byRow.values()].map((u) => ({ consumer: u.consumer, cpuS: u.cpuS * scale }));
  }

  /**
   * The processes of this read to charge their own CPU only: those that parent another unit's processes (pid 1, a
   * container shim, a service manager), remembered for as long as they live, since what they reap is already in
   * that unit's counter.
   */
  ownOnly(
    processes: readonly ProcessSample[],
    unitOf: (p: ProcessSample) => string | undefined,
  ): ReadonlySet<string> {
    const byPid = new Map(processes.map((p) => [p.pid, p]));
    const live = new Set(processes.map((p) => p.id));
    for (const id of this.parentsOfUnits) if (!live.has(id)) this.parentsOfUnits.delete(id);
    for (const p of processes) {
      const unit = unitOf(p);
      const parent = unit === undefined ? undefined : byPid.get(p.ppid);
      if (parent && unitOf(parent) !== unit) this.parentsOfUnits.add(parent.id);
    }
    return this.parentsOfUnits;
  }

  /**
   * Makes the units of this read (`unitRows`: each unit with the rows its processes landed on) the ones counted
   * from now on, with `consumerOf` giving each row's consumer at this read. Units on more than one row (CarbonTray
   * itself beside its helpers) are followed but not counted, so a unit enclosing them leaves them out. `fresh`
   * (a new baseline, after a gap) reads every counter anew.
   */
  track(
    unitRows: ReadonlyMap<string, ReadonlySet<string>>,
    consumerOf: (key: string) => Consumer | undefined,
    fresh: boolean,
  ): void {
    const candidates = new Map<string, Consumer | null>();
    for (const [unit, rows] of unitRows) {
      const [key] = rows;
      candidates.set(unit, rows.size === 1 && key !== undefined ? (consumerOf(key) ?? null) : null);
    }
    // A counted unit with no live process now (a timer's oneshot service between runs) stays counted while its
    // cgroup exists: what starts and ends in it before the next read is still its CPU.
    for (const [unit, consumer] of this.counted) {
      if (!candidates.has(unit))
        candidates.set(unit, consumerOf(consumer.key) ?? { ...consumer, rssBytes: 0, processCount: 0 });
    }
    this.counters.track(new Set(candidates.keys()), fresh);
    const counted = new Map<string, Consumer>();
    for (const [unit, consumer] of candidates)
      if (consumer && this.counters.readable(unit)) counted.set(unit, consumer);
    this.counted = counted;
  }
}

/**
 * Follows the `usage_usec` counters of a set of units between reads. A unit's counter holds the CPU of every
 * process that ever ran inside it, its removed sub-cgroups included (cgroup v2 keeps a removed child's usage in its
 * parent), so a unit's CPU over a tick is exact however short its processes lived. Counters are hierarchical: a
 * unit nested inside another tracked one (an app scope inside a slice that is a row too) is taken out of the
 * enclosing unit, so no CPU is counted twice.
 */
class UnitCpuCounters {
  /** Tracked cgroup → the nearest tracked cgroup enclosing it (null: none). */
  private enclosing = new Map<string, string | null>();
  /** The latest `usage_usec` of each tracked cgroup in seconds; null while it cannot be read (removed). */
  private lastS = new Map<string, number | null>();

  /** `source` null: no cgroup v2 here, so no unit is ever tracked. */
  constructor(private readonly source: CgroupCpuSource | null) {}

  /** Whether counters can be read at all (cgroup v2 is mounted). */
  get available(): boolean {
    return this.source !== null;
  }

  /**
   * CPU seconds each tracked unit used since the previous read, its own: minus what tracked units nested in it
   * used. A unit that is gone counts 0; one that reappears (re-created under the same name) counts from 0.
   */
  read(): Map<string, number> {
    const out = new Map<string, number>();
    if (!this.source || this.enclosing.size === 0) return out;
    const now = this.source.usageS(this.enclosing.keys());
    for (const cgroup of this.enclosing.keys()) {
      const before = this.lastS.get(cgroup) ?? null;
      const after = now.get(cgroup) ?? null;
      out.set(cgroup, after === null ? 0 : before !== null && after >= before ? after - before : after);
      this.lastS.set(cgroup, after);
    }
    const own = new Map(out);
    for (const [cgroup, outer] of this.enclosing) {
      if (outer !== null) own.set(outer, (own.get(outer) ?? 0) - (out.get(cgroup) ?? 0));
    }
    for (const [cgroup, s] of own) own.set(cgroup, Math.max(0, s));
    return own;
  }

  /** Whether a tracked unit's counter could be read at its latest reading. */
  readable(cgroup: string): boolean {
    return (this.lastS.get(cgroup) ?? null) !== null;
  }

  /**
   * Tracks exactly `cgroups` from now on. Units tracked already keep their latest reading (the next `read` counts
   * from it) unless `fresh`; the others, or all with `fresh` (after a gap), are read now as their baseline.
   */
  track(cgroups: ReadonlySet<string>, fresh: boolean): void {
    if (!this.source) return;
    const kept = new Map<string, number | null>();
    const toRead: string[] = [];
    for (const cgroup of cgroups) {
      if (!fresh && this.lastS.has(cgroup)) kept.set(cgroup, this.lastS.get(cgroup) ?? null);
      else toRead.push(cgroup);
    }
    for (const [cgroup, s] of this.source.usageS(toRead)) kept.set(cgroup, s);
    this.lastS = kept;
    this.enclosing = new Map();
    for (const cgroup of cgroups) this.enclosing.set(cgroup, enclosingOf(cgroup, cgroups));
  }
}

/** The longest proper prefix of `cgroup` (by whole path segments) that is in `set`, else null. */
function enclosingOf(cgroup: string, set: ReadonlySet<string>): string | null {
  for (let cut = cgroup.lastIndexOf('/'); cut > 0; cut = cgroup.lastIndexOf('/', cut - 1)) {
    const prefix = cgroup.slice(0, cut);
    if (set.has(prefix)) return prefix;
  }
  return null;
}
