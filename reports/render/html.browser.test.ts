import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../build.ts';
import { sampleRun, TEST_CATALOGUE } from '../test-support.ts';
import { renderHtml } from './html.ts';

/**
 * The HTML report in a real browser: Debian's Chromium (never a downloaded one), headless, offline,
 * a fresh profile per launch. Screenshots stay in .scratch/screenshots for a person to look at.
 * Without Chromium this fails in CI (.ci/run installs it) and is skipped, saying so, elsewhere.
 */
const CHROMIUM = process.env.KDP_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = !!process.env.CI;
const SHOTS = fileURLToPath(new URL('../../.scratch/screenshots/', import.meta.url));
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!HAVE_CHROMIUM && !IN_CI)
  console.warn(`SKIPPED the browser test of the HTML report: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('R11 the HTML report in headless Chromium', () => {
  let dir: string;
  let url: string;
  const contexts: BrowserContext[] = [];
  const requests: string[] = [];

  async function open(javaScriptEnabled: boolean): Promise<Page> {
    // launchPersistentContext: the profile directory is ours and fresh (Playwright refuses --user-data-dir in args).
    const profile = await mkdtemp(join(dir, 'profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      javaScriptEnabled,
      viewport: { width: 1200, height: 900 },
      offline: true,
    });
    contexts.push(context);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    if (!HAVE_CHROMIUM)
      throw new Error(`Chromium is missing at ${CHROMIUM}: CI must install it (apt-get install -y chromium)`);
    dir = await mkdtemp(join(tmpdir(), 'kdp-html-'));
    await mkdir(SHOTS, { recursive: true });
    const report = buildReport(sampleRun().result, {
      catalogue: TEST_CATALOGUE,
      attestation: { certifiedBy: { name: 'Айгерім Сапарова', role: 'Head of IT security' } },
    });
    await writeFile(join(dir, 'report.html'), renderHtml(report));
    url = pathToFileURL(join(dir, 'report.html')).href;
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('with scripts on: renders the verdict and certifier, the table in kk on request, an expanded failure, the failed-only view', async () => {
    const page = await open(true);
    await expect.poll(() => page.locator('#verdict .verdict-word .l-en').innerText()).toBe('FAILED');
    expect(await page.locator('#verdict .certifier').innerText()).toBe('Айгерім Сапарова');
    expect(await page.locator('#verdict .l-kk').first().isVisible()).toBe(false);

    const r11 = page.locator('#req-R11 tr').first();
    expect(await r11.isVisible()).toBe(true);
    expect(await r11.innerText()).toContain('Requirement R11');
    await page.locator('label[for=lang-kk]').click();
    expect(await r11.innerText()).toContain('R11 талабы');
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    await page.locator('label[for=lang-en]').click();
    await page.screenshot({ path: join(SHOTS, 'report-scripts-on.png'), fullPage: true });

    const failure = page.locator('article.failure', { hasText: 'message-date-offset' });
    await failure.locator('details.evidence > summary').click();
    await failure.locator('details.item > summary').first().click();
    const request = failure.locator('details.item pre').first();
    expect(await request.isVisible()).toBe(true);
    expect(await request.innerText()).toContain('[iin]');
    await failure.screenshot({ path: join(SHOTS, 'report-failure-expanded.png') });

    await page.locator('label[for=failed-only]').click();
    expect(await page.locator('#req-R11').isVisible()).toBe(false);
    expect(await page.locator('#req-R2\\.8').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'report-failed-only.png'), fullPage: true });

    expect(requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
  });

  it('with scripts off: the failures are there and readable, and the language switch still works', async () => {
    const page = await open(false);
    const failures = page.locator('#failures article.failure');
    expect(await failures.count()).toBe(2);
    const first = await failures.first().innerText();
    expect(first).toMatch(/R2\.8/);
    expect(first).toMatch(/has no UTC offset/);
    expect(await page.locator('#failures .blame-sut h3 .l-en').innerText()).toMatch(/Your system/);
    expect(await page.locator('#failures .blame-configuration h3 .l-en').innerText()).toMatch(
      /Configuration of the run/,
    );
    await page.locator('label[for=lang-ru]').click();
    expect(await page.locator('#failures .blame-sut h3').innerText()).toMatch(/Ваша система/);
    await page.screenshot({ path: join(SHOTS, 'report-scripts-off.png'), fullPage: true });
  });
});
