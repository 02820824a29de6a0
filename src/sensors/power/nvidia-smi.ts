// NVIDIA GPU power through nvidia-smi: board watts and per-process SM use where the driver reports them.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PowerReading } from './reading.js';

const run = promisify(execFile);

/** Arguments of the board query; parsed by `parseGpuQuery`. */
export const GPU_QUERY_ARGS = [
  '--query-gpu=index,name,power.draw,utilization.gpu',
  '--format=csv,noheader,nounits',
];
/** Arguments of one per-process utilisation sample; parsed by `parsePmon`. */
export const PMON_ARGS = ['pmon', '-c', '1', '-s', 'u'];

/** One GPU board. Null where the driver prints `[N/A]` or `[Not Supported]`. */
export interface GpuBoardSample {
  index: number;
  name: string;
  powerW: number | null;
  utilizationPct: number | null;
}

/** One process's use of one GPU (from `nvidia-smi pmon`). */
export interface GpuProcessSample {
  gpuIndex: number;
  pid: number;
  /** `C` compute, `G` graphics, `C+G` both. */
  type: string;
  /** Share of the streaming multiprocessors' time, 0..100; null when not reported. */
  smPct: number | null;
}

const numberOrNull = (text: string | undefined): number | null => {
  const value = Number(text?.trim());
  return text !== undefined && /^\s*-?\d+(\.\d+)?\s*$/.test(text) && Number.isFinite(value) ? value : null;
};

/** Parses `nvidia-smi` with GPU_QUERY_ARGS (`0, NVIDIA GeForce RTX 3080, 215.43, 87` per board). */
export function parseGpuQuery(text: string): GpuBoardSample[] {
  const boards: GpuBoardSample[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length < 4) continue;
    const index = numberOrNull(cells[0]);
    if (index === null) continue;
    boards.push({
      index,
      name: cells[1] as string,
      powerW: numberOrNull(cells[2]),
      utilizationPct: numberOrNull(cells[3]),
    });
  }
  return boards;
}

/** Parses `nvidia-smi pmon -c 1 -s u`, locating columns by the `# gpu … pid … type … sm` header. */
export function parsePmon(text: string): GpuProcessSample[] {
  const lines = text.split('\n');
  const header = lines
    .find((l) => /^#\s*gpu\b/.test(l))
    ?.replace(/^#/, '')
    .trim()
    .split(/\s+/);
  if (!header) return [];
  const col = (name: string): number => header.indexOf(name);
  const [gpu, pid, type, sm] = [col('gpu'), col('pid'), col('type'), col('sm')];
  const out: GpuProcessSample[] = [];
  for (const line of lines) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const cells = line.trim().split(/\s+/);
    const pidValue = numberOrNull(cells[pid]);
    const gpuValue = numberOrNull(cells[gpu]);
    if (pidValue === null || gpuValue === null) continue; // "-" rows: no process on that GPU
    out.push({
      gpuIndex: gpuValue,
      pid: pidValue,
      type: cells[type] ?? '',
      smPct: sm >= 0 ? numberOrNull(cells[sm]) : null,
    });
  }
  return out;
}

/** What an `ok` GPU reading carries besides `powerW` (the sum of the boards that report power). */
export interface GpuDetail {
  boards: GpuBoardSample[];
  processes: GpuProcessSample[];
}

/** Runs nvidia-smi (the command is a constructor argument: a path, or a fixture script in tests). */
export class NvidiaSmiReader {
  constructor(
    private readonly command: string = 'nvidia-smi',
    private readonly timeoutMs = 5000,
  ) {}

  /** Board power now, with per-process SM use when `pmon` reports it (its failure leaves `processes` empty). */
  async read(): Promise<PowerReading<GpuDetail>> {
    let stdout: string;
    try {
      ({ stdout } = await run(this.command, GPU_QUERY_ARGS, { timeout: this.timeoutMs }));
    } catch (error) {
      return { status: 'unavailable', reason: this.explain(error) };
    }
    const boards = parseGpuQuery(stdout);
    if (boards.length === 0) return { status: 'unavailable', reason: `${this.command} lists no GPU` };
    const measured = boards.filter((b) => b.powerW !== null);
    if (measured.length === 0) {
      return {
        status: 'unavailable',
        reason: `${this.command}: power.draw is not supported by ${boards.map((b) => b.name).join(', ')}`,
      };
    }
    let processes: GpuProcessSample[] = [];
    try {
      processes = parsePmon((await run(this.command, PMON_ARGS, { timeout: this.timeoutMs })).stdout);
    } catch {
      processes = []; // pmon is unsupported on some boards and drivers: board power still stands
    }
    return {
      status: 'ok',
      powerW: measured.reduce((s, b) => s + (b.powerW as number), 0),
      detail: `nvidia-smi board power (${measured.map((b) => `GPU ${b.index}`).join(', ')})`,
      boards,
      processes,
    };
  }

  private explain(error: unknown): string {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string; killed?: boolean };
    if (e.code === 'ENOENT') {
      return `${this.command} not found: no NVIDIA driver utilities on this machine's PATH (install the NVIDIA driver to measure NVIDIA GPUs; nothing to do without one)`;
    }
    if (e.code === 'EACCES') return `${this.command} is not executable by this user`;
    if (e.killed) return `${this.command} did not answer within ${this.timeoutMs} ms`;
    const message = `${e.stdout ?? ''}\n${e.stderr ?? ''}`
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
    return `${this.command} failed${typeof e.code === 'number' ? ` (exit ${e.code})` : ''}: ${message ?? e.message}`;
  }
}
