// Child process for the SIGKILL test: runs the real engine on this machine as fast as it can, with a simulated
// clock moving 20 s per tick so a minute closes (and is committed) every 3 ticks. Args: dataDir startWallMs.
import { createEngine } from '../../../src/engine/index.js';

const [dataDir, startArg] = process.argv.slice(2);
if (!dataDir || !startArg) throw new Error('usage: crash-child.ts DATA_DIR START_WALL_MS');
let wall = Number(startArg);
let mono = 0;
const engine = createEngine({ dataDir, clock: { monoMs: () => mono, wallMs: () => wall } });
await engine.updateSettings({ intervalS: 20 });
engine.subscribe(() => undefined, { detail: true });
await engine.tick();
process.stdout.write('ready\n');
for (;;) {
  mono += 20_000;
  wall += 20_000;
  await engine.tick();
  await new Promise((resolve) => setTimeout(resolve, 5));
}
