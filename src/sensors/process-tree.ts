// Pure helpers over a list of process samples: index by pid, and the subtree under one pid.
import type { ProcessSample } from './types.js';

/** Index of samples by pid (pids are unique within one snapshot). */
export function byPid(processes: readonly ProcessSample[]): Map<number, ProcessSample> {
  const map = new Map<number, ProcessSample>();
  for (const p of processes) map.set(p.pid, p);
  return map;
}

/** The process `rootPid` and all its descendants within `processes`, root first. */
export function subtree(processes: readonly ProcessSample[], rootPid: number): ProcessSample[] {
  const children = new Map<number, ProcessSample[]>();
  for (const p of processes) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const root = processes.find((p) => p.pid === rootPid);
  if (!root) return [];
  const out: ProcessSample[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const p = queue.shift() as ProcessSample;
    out.push(p);
    // pid 0's "children" are the roots themselves; never walk into a loop through it
    if (p.pid !== 0) queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}
