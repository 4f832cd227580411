import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from './cli';

// Screenshots of a changed screen at a district laptop's 1366 × 768, in French then English, for a person to
// look at (test-results/screens-plain/NAME-fr.png and NAME-en.png). The page's own size is put back after.
export const plainShotsDir = join(projectRoot, 'test-results', 'screens-plain');

export async function plainShots(page: Page, name: string, language: (l: 'FR' | 'EN') => Promise<void>, fullPage = true): Promise<void> {
  mkdirSync(plainShotsDir, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 768 });
  // Clicking FR / EN in the top bar scrolls up to it: come back to what the test had brought into view.
  const y = Number(await page.evaluate('window.scrollY'));
  const switchTo = async (l: 'FR' | 'EN'): Promise<void> => {
    await language(l);
    await page.evaluate(`window.scrollTo(0, ${y})`);
  };
  try {
    await switchTo('FR');
    await page.screenshot({ path: join(plainShotsDir, `${name}-fr.png`), fullPage });
    await switchTo('EN');
    await page.screenshot({ path: join(plainShotsDir, `${name}-en.png`), fullPage });
    await switchTo('FR');
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
