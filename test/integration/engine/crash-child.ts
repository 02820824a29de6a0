// Child process for the SIGKILL test: runs the real engine on this machine as fast as it can, with a simulated
// clock moving 20 s per tick so a minute closes (and is committed) every 3 ticks. Args: dataDir startWallMs looking,
// where `looking` is `1` for a subscriber asking for detail (the popup open) and `0` for nobody looking. Prints the
// wall time of every finished tick.
import { createEngine } from '../../../src/engine/index.js';

const [dataDir, startArg, looking] = process.argv.slice(2);
if (!dataDir || !startArg || !looking) throw new Error('usage: crash-child.ts DATA_DIR START_WALL_MS 0|1');
let wall = Number(startArg);
let mono = 0;
const engine = createEngine({ dataDir, clock: { monoMs: () => mono, wallMs: () => wall } });
await engine.updateSettings({ intervalS: 20 });
if (looking === '1') engine.subscribe(() => undefined, { detail: true });
await engine.tick();
process.stdout.write('ready\n');
for (;;) {
  mono += 20_000;
  wall += 20_000;
  await engine.tick();
  process.stdout.write(`tick ${wall}\n`);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
