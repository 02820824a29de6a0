// Child process of bench/engine.ts: a headless engine on this machine, with or without a detail subscriber.
// Args: dataDir detail(0|1). Prints `ready` once running.
import { createEngine } from '../src/engine/index.js';

const [dataDir, detail] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: engine-child.ts DATA_DIR 0|1');
const engine = createEngine({ dataDir });
engine.subscribe(() => undefined, { detail: detail === '1' });
await engine.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
