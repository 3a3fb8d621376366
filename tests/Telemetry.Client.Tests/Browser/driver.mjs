// Opens a test page in headless Chromium (Debian's package), runs one scenario in it and prints its result as JSON.
//   node driver.mjs <pageUrl> <scenario> <configJson> [leave]
// With "leave", the page is then closed as a user leaving it would (pagehide, visibilitychange), and the browser stays
// up, so requests sent with keepalive can finish, until stdin closes. stdin closing (the test ended or died) always
// ends the browser.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [pageUrl, scenario, config, mode] = process.argv.slice(2);
const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
const stdinClosed = new Promise(resolve => {
  process.stdin.on('end', resolve);
  process.stdin.on('close', resolve);
  process.stdin.resume();
});
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let exitCode = 0;
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', message => { if (message.type() === 'error') process.stderr.write(`[page] ${message.text()}\n`); });
  page.on('pageerror', error => process.stderr.write(`[page] ${error.message}\n`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => typeof window.runScenario === 'function');
  const result = await page.evaluate(([name, settings]) => window.runScenario(name, settings), [scenario, JSON.parse(config)]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (mode === 'leave') {
    await page.close({ runBeforeUnload: true });
    await Promise.race([stdinClosed, new Promise(resolve => setTimeout(resolve, 120_000))]);
  }
} catch (error) {
  process.stderr.write(`${error.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await context.close().catch(() => {});
  await rm(profile, { recursive: true, force: true }).catch(() => {});
}
process.exit(exitCode);
