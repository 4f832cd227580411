import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

// What the browser tests share: the core's API as a LAN client calls it, and moving around the UI as a user
// does. Servers and pages are made in before() hooks, so both take getters.

export interface ApiAnswer { status: number; body: any }

export function servedApi(url: () => string, token: string): {
  api(path: string, body?: unknown): Promise<ApiAnswer>;
  syncProgramme(uid: string): Promise<void>;
} {
  const api = async (path: string, body?: unknown): Promise<ApiAnswer> => {
    const res = await fetch(`${url()}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.arrayBuffer() };
  };
  return {
    api,
    async syncProgramme(uid) {
      const started = await api('/dhis2/sync', { programme_uid: uid });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const until = Date.now() + 60_000;
      for (;;) {
        const task = (await api(`/dhis2/tasks/${started.body.task_id}`)).body;
        if (task.status === 'completed') return;
        assert.ok(['pending', 'resolving', 'running'].includes(task.status), `sync of ${uid}: ${JSON.stringify(task)}`);
        assert.ok(Date.now() < until, `sync of ${uid} still ${task.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export function navigation(page: () => Page): { go(area: string): Promise<void>; language(l: 'FR' | 'EN'): Promise<void> } {
  return {
    /** Opens an area from the navigation, as a user would (the app keeps its session state). */
    async go(area) {
      if (page().url().includes(`#/${area}`)) await page().locator('nav a[data-area="settings"]').click();
      await page().locator(`nav a[data-area="${area}"]`).click();
      await page().locator(`section[data-area="${area}"]`).waitFor();
    },
    async language(l) {
      await page().getByRole('button', { name: l, exact: true }).click();
      await page().locator(`html[lang="${l.toLowerCase()}"]`).waitFor({ state: 'attached' });
    },
  };
}

/**
 * Signs the page in before any of the app's scripts run (token and French kept only where absent, so a
 * language chosen later survives a reload), then opens Settings. Setting the token after a first load
 * raced that load's 401s, whose redirect to the sign-in screen could land after the token was set.
 */
export async function signInPage(page: Page, url: string, token: string): Promise<void> {
  await page.addInitScript(`if (!localStorage.getItem('oomus.apiToken')) { localStorage.setItem('oomus.apiToken', ${JSON.stringify(token)}); localStorage.setItem('oomus.locale', 'fr'); }`);
  await page.goto(`${url}/#/settings`);
  await page.locator('section[data-area="settings"]').waitFor();
}
