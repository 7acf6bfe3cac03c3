// A real Chromium for browser tests: Debian's chromium (scripts/test.sh installs it) driven by
// playwright-core, which brings no browser of its own. CHROMIUM_PATH overrides where it is.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(`no Chromium found (tried ${process.env['CHROMIUM_PATH'] ?? CANDIDATES.join(', ')}): run scripts/apt-tools.sh chromium:chromium or set CHROMIUM_PATH`);
  }
  return path;
}

/** Headless Chromium; --no-sandbox because CI runs as root, where Chromium's sandbox refuses to start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
