/**
 * The Content Security Policy holds without exceptions: loading the app and using it (editing,
 * schedules, the chart, compare, themes, help, opening a file, every export, saving) triggers no
 * `securitypolicyviolation` at all. A violation means either the policy is too strict for the app
 * (something silently broken) or the app does something the policy exists to forbid.
 */
import { expect, type Page, test } from '@playwright/test';
import { fixture } from './helpers';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

/** Collects every violation the page reports, from before its first script runs. */
async function watchViolations(
  page: Page,
): Promise<{ violations: () => Promise<Violation[]>; console: string[] }> {
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (e) =>
        seen.push({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          source: `${e.sourceFile}:${e.lineNumber}`,
        }),
      true,
    );
  });
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  return {
    violations: () =>
      page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations),
    console,
  };
}

test('loading and using the app triggers no CSP violation', async ({ page }) => {
  const watch = await watchViolations(page);
  const response = await page.goto('./');
  // The policy arrives as a header (with frame-ancestors) and in the page's meta tag.
  expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(response?.headers()['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
  await expect(page.getByTestId('gantt')).toBeVisible();

  // Editing and schedules (the chart, metrics and worker redraw).
  const field = page.getByTestId('field-microbatches');
  await field.fill('40');
  await field.blur();
  await page.getByTestId('field-schedule').selectOption('1f1b');
  await expect(page.getByTestId('field-schedule')).toHaveValue('1f1b');
  // The chart: hover (tooltip), zoom, fit.
  const gantt = page.getByTestId('gantt').first();
  const box = await gantt.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
  await page.getByTestId('cmd-zoom-in').click();
  await page.locator('body').press('0');
  // Themes, help, compare.
  await page.getByTestId('cmd-toggle-theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.locator('body').press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('gantt-block-label').first()).toBeVisible();
  await page.getByTestId('tab-main').click();
  // Opening a file (and discarding the edits above), every export, saving.
  page.on('dialog', (d) => void d.accept());
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('cmd-open').click();
  await (await chooser).setFiles(fixture('six-devices.pipescope.json'));
  await expect(page.getByTestId('doc-title')).toHaveText('six-devices.pipescope.json');
  for (const command of ['cmd-export-svg', 'cmd-export-png', 'cmd-export-trace', 'cmd-export-csv']) {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-menu').click();
    await page.getByTestId(command).click();
    await download;
  }
  await field.fill('12');
  await field.blur();
  const saved = page.waitForEvent('download');
  await page.getByTestId('cmd-save').click();
  await saved;

  expect(await watch.violations()).toEqual([]);
  expect(watch.console).toEqual([]);
});

test('the policy is in force: foreign scripts, inline style attributes and foreign images are refused, and reported', async ({
  page,
}) => {
  // The counterpart of the test above: the collector sees violations when there are some.
  const watch = await watchViolations(page);
  await page.goto('./');
  await expect(page.getByTestId('gantt')).toBeVisible();
  const color = await page.evaluate(() => {
    const script = document.createElement('script');
    script.src = 'data:text/javascript,window.__ran = true';
    document.head.append(script);
    const probe = document.createElement('div');
    probe.innerHTML = '<span style="color: rgb(1, 2, 3)">x</span>';
    document.body.append(probe);
    const shown = getComputedStyle(probe.firstElementChild as Element).color;
    probe.remove();
    const image = new Image();
    image.src = 'https://example.com/pixel.png';
    return shown;
  });
  expect(color).not.toBe('rgb(1, 2, 3)');
  await expect
    // Each once per policy that refuses it: the header's and the meta tag's.
    .poll(async () => [...new Set((await watch.violations()).map((v) => v.directive))].sort())
    .toEqual(['img-src', 'script-src-elem', 'style-src-attr']);
  expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
});

test('no other site can frame the app', async ({ page }) => {
  const response = await page.request.get('./');
  expect(response.headers()['content-security-policy']).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
  expect(response.headers()['x-frame-options']).toBe('DENY');
});
