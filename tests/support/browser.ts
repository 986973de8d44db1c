import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { requireService } from './ci.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

requireService({ name: `Chromium (${CHROMIUM_PATH})`, available: chromiumAvailable, hint: 'apt-get install chromium, or set CHROMIUM_PATH', skips: 'browser tests' });

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
