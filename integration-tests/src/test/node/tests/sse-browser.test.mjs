// A real EventSource in Chromium: the server drops the stream, the browser resumes with Last-Event-ID on its own,
// and the page shows every message exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, devToken, publish, launchBrowser, waitFor } from '../lib/aqueduct.mjs';

test('EventSource resumes after the server drops the stream, every message exactly once', async () => {
  const room = `chat:browser-${Date.now()}`;
  const user = `browser-${Date.now()}`;
  const token = await devToken({ sub: user, rooms: { 'chat:*': 'rwp' } });
  const admin = await devToken({ sub: 'root', groups: ['aqueduct-admin'] });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/demo/sse.html?token=${encodeURIComponent(token)}&rooms=${encodeURIComponent(room)}`);
    await waitFor(page, () => window.aqueduct.subscribed === 1);

    for (let i = 1; i <= 5; i++) await publish(token, room, 'n', i);
    await waitFor(page, () => window.aqueduct.messages.length === 5);

    const dropped = await fetch(`${BASE}/api/v1/admin/sse/streams?subject=${user}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(dropped.status, 200);
    assert.equal((await dropped.json()).closed, 1);

    // published while the browser is disconnected (it waits for the server's retry hint before reconnecting)
    for (let i = 6; i <= 10; i++) await publish(token, room, 'n', i);

    await waitFor(page, () => window.aqueduct.subscribed === 2 && window.aqueduct.messages.length >= 10);
    await publish(token, room, 'n', 11);
    await waitFor(page, () => window.aqueduct.messages.length >= 11);
    await new Promise((r) => setTimeout(r, 500));

    const state = await page.evaluate(() => window.aqueduct);
    assert.deepEqual(state.closes, ['closed_by_admin']);
    assert.deepEqual(state.messages.map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.deepEqual(state.messages.map((m) => m.payload), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(await page.locator('#events li').count(), 11);
  } finally {
    await browser.close();
  }
});
