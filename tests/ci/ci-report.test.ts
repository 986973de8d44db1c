import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// What CI reads as a runner's closing line: pytest's `==== … in 1.2s ====` banner, and the plain
// `N passed, N failed[, N skipped]` line (one word and a colon may stand before it).
const pytestBanner = /^=+ .*\bin [\d.]+s\b.* =+$/;
const plainLine = /^(\w+: )?\d+ passed, \d+ failed(, \d+ skipped)?$/;

const recordedSchemathesisTail = `Test cases:
  1053 generated, 1053 passed, 10 skipped

Seed: 1

============================= 2 warnings in 9.46s ==============================
`;

function report(results: object | null, steps: Record<string, [number, string]>) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-report-'));
  const resultsFile = join(dir, 'vitest-results.json');
  if (results) writeFileSync(resultsFile, JSON.stringify(results));
  const args = Object.entries(steps).map(([label, [code, text]]) => {
    const log = join(dir, `${label}.log`);
    writeFileSync(log, text);
    return `${label}=${code}:${log}`;
  });
  return execFileSync(process.execPath, ['scripts/ci-report.mjs', resultsFile, ...args], { encoding: 'utf8' }).trimEnd().split('\n');
}

const vitestResults = { numPassedTests: 812, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numFailedTestSuites: 0 };

describe('the closing lines of .ci/run', () => {
  it('ends with the vitest line, the only line shaped like a runner summary', () => {
    const lines = report(vitestResults, { schemathesis: [0, recordedSchemathesisTail], 'bench-smoke': [0, 'targets not met: S1, S2 (40 s)\n'] });
    expect(lines.at(-1)).toBe('vitest: 812 passed, 0 failed, 0 skipped');
    expect(lines.filter((line) => plainLine.test(line))).toHaveLength(1);
    expect(lines.filter((line) => pytestBanner.test(line))).toEqual([]);
    expect(lines[0]).toContain('cases generated 1053, conforming 1053');
  });

  it('says a step failed, and still closes on the vitest line', () => {
    const lines = report(vitestResults, { schemathesis: [1, 'boom\n'] });
    expect(lines[0]).toMatch(/^schemathesis FAILED \(exit 1\)/);
    expect(lines.at(-1)).toMatch(plainLine);
  });

  it('counts a run whose results file is missing as a failure, not as no test', () => {
    expect(report(null, {}).at(-1)).toBe('vitest: 0 passed, 1 failed, 0 skipped');
  });

  it('counts a suite that failed to load as a failure', () => {
    expect(report({ ...vitestResults, numFailedTestSuites: 1 }, {}).at(-1)).toBe('vitest: 812 passed, 1 failed, 0 skipped');
  });

  it('is what .ci/run prints last, with every other tool writing to a file', () => {
    const script = readFileSync('.ci/run', 'utf8').trimEnd().split('\n');
    const lastOutput = script.findLastIndex((line) => /^(echo|node|printf|cat|npm|scripts\/)/.test(line.trim()));
    expect(script[lastOutput]).toMatch(/^node scripts\/ci-report\.mjs /);
    for (const line of script.filter((l) => /scripts\/fuzz\.sh|npm run bench/.test(l))) expect(line).toMatch(/>"\$LOGS\/[\w-]+\.log" 2>&1/);
  });
});
