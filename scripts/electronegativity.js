#!/usr/bin/env node
// Electron security lint: runs @doyensec/electronegativity on main, preload and the renderer page; fails on HIGH.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;
const csvPath = join(root, 'test-artifacts', 'electronegativity.csv');

/** What is scanned: every Electron-facing source. */
const SOURCES = ['src/main', 'src/preload', 'renderer/index.html'];
/**
 * Left out of the gate: it downloads Electron's release list, so its verdict depends on the network and on the
 * day, not on this code. Run `npx electronegativity -i . -c AvailableSecurityFixesGlobalCheck` online for it.
 */
const EXCLUDED = ['availablesecurityfixesglobalcheck'];

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

// The scanner parses .ts but not .cts: the sources are staged with the preload renamed to `.cts.ts`.
const stage = mkdtempSync(join(tmpdir(), 'carbon-tray-electronegativity-'));
try {
  for (const file of SOURCES.flatMap((s) => filesUnder(join(root, s)))) {
    if (!/\.(c?ts|html)$/.test(file) || /\.test\.ts$/.test(file)) continue;
    const target = join(stage, relative(root, file).replace(/\.cts$/, '.cts.ts'));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  mkdirSync(dirname(csvPath), { recursive: true });
  const result = await run({
    input: stage,
    output: csvPath,
    isSarif: false,
    customScan: [],
    excludeFromScan: EXCLUDED,
    isRelative: true,
    electronVersionOverride: electronVersion,
  });
  const findings = result.issues.map((i) => ({
    severity: i.severity.name,
    confidence: i.confidence.name,
    id: i.id,
    where: `${String(i.file).replace(/\.cts\.ts$/, '.cts')}:${i.location.line}`,
    review: i.manualReview ? ' (review)' : '',
  }));
  console.log(
    `electronegativity ${require('@doyensec/electronegativity/package.json').version}, Electron ${electronVersion}`,
  );
  console.log(
    `checks: ${result.globalChecks} global, ${result.atomicChecks} atomic; scanned: ${SOURCES.join(', ')}`,
  );
  for (const f of findings)
    console.log(`  ${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id}  ${f.where}${f.review}`);
  for (const e of result.errors)
    console.log(`  parse ${e.tolerable ? 'warning' : 'ERROR'}: ${e.file}: ${e.message}`);
  const counts = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'].map(
    (s) => `${findings.filter((f) => f.severity === s).length} ${s.toLowerCase()}`,
  );
  console.log(`findings: ${counts.join(', ')}; CSV: ${relative(root, csvPath)}`);
  const high = findings.filter((f) => f.severity === 'HIGH').length;
  const unparsed = result.errors.filter((e) => !e.tolerable).length;
  if (high > 0 || unparsed > 0) {
    console.error(
      `electronegativity: FAILED: ${high} high-severity finding(s), ${unparsed} file(s) not parsed`,
    );
    process.exitCode = 1;
  } else {
    console.log('electronegativity: no high-severity finding');
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
