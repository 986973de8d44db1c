#!/usr/bin/env node
// Prints the closing lines of a CI run, from the logs the steps wrote to files:
//   node scripts/ci-report.mjs <vitest-results.json> [<label>=<exit code>:<log file> ...]
// Each extra step gets one line of its own (its result and where its whole log is); the vitest
// line `vitest: N passed, N failed, N skipped` comes last. The other tools' own summary banners
// (schemathesis closes with a pytest-style `==== … in 9.46s ====`) never reach CI's log, because
// CI reads closing lines like that one as another test runner's.
import { readFileSync } from 'node:fs';

const [resultsFile, ...steps] = process.argv.slice(2);
if (!resultsFile) {
  console.error('usage: ci-report.mjs <vitest-results.json> [label=code:log ...]');
  process.exit(2);
}

for (const step of steps) {
  const match = /^([\w-]+)=(\d+):(.+)$/.exec(step);
  if (!match) throw new Error(`not a step: ${step}`);
  const [, label, code, log] = match;
  const verdict = code === '0' ? 'ok' : `FAILED (exit ${code})`;
  console.log(`${label} ${verdict}; its whole output is in ${log}${detail(label, log)}`);
}

let vitest;
try {
  vitest = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  console.log('vitest: 0 passed, 1 failed, 0 skipped');
  process.exit(0);
}
const skipped = vitest.numPendingTests + vitest.numTodoTests;
// A suite that failed to load counts no test of its own: count it as a failure.
const failed = vitest.numFailedTests + (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0 ? 1 : 0);
console.log(`vitest: ${vitest.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);

/** One short figure from a tool's log, worded so that no runner's summary pattern matches it. */
function detail(label, log) {
  let text = '';
  try { text = readFileSync(log, 'utf8'); } catch { return ''; }
  if (label === 'schemathesis') {
    const cases = /(\d+) generated, (\d+) passed/.exec(text);
    return cases ? ` (cases generated ${cases[1]}, conforming ${cases[2]})` : '';
  }
  const missed = /targets not met: ([^\n(]+)/.exec(text);
  return missed ? ` (targets not met: ${missed[1].trim()})` : '';
}
