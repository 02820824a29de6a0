// Runs the `carbon-tray` CLI from source (tsx), so browser tests exercise the real command without a build.
import { main } from '../../src/cli/index.js';

process.exitCode = await main(process.argv.slice(2));
