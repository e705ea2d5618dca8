// The JavaScript SDK in Chromium, loaded from the platform's /sdk/aqueduct.js by the demo chat page: two pages in
// separate browser contexts chat; one loses its network while the other keeps talking, and after the network is
// back it shows every message exactly once, in order.
//
// Chromium's offline emulation does not close an open WebSocket: it holds its frames back until the network
// returns, and new connections fail. The page notices through the window `offline` event (first test) or, with
// that switched off, through the SDK's ping timeout (second test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { BASE, devToken, launchBrowser, waitFor } from '../lib/aqueduct.mjs';
import { uniq } from '../lib/ws-client.mjs';

async function openChat(browser, room, name, extra = {}) {
  const token = await devToken({ sub: uniq(name), rooms: { 'chat:*': 'rwp' } });
  const context = await browser.newContext();
  const page = await context.newPage();
  const query = new URLSearchParams({ token, room, name, ...extra });
  await page.goto(`${BASE}/demo/chat.html?${query}`);
  await waitFor(page, () => window.aqueduct.joins.length === 1);
  return { context, page };
}

async function say(page, text) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const texts = (state) => state.messages.map((m) => m.payload.text);

async function cutAndRestore(watchNetwork) {
  const room = `chat:${uniq('browser')}`;
  const browser = await launchBrowser();
  try {
    const extra = watchNetwork ? {} : { watchNetwork: 'false', pongTimeoutMs: '1500' };
    const alice = await openChat(browser, room, 'alice');
    const bob = await openChat(browser, room, 'bob', extra);
    await waitFor(alice.page, () => document.querySelectorAll('#members li').length === 2);

    await say(alice.page, 'before 1');
    await say(bob.page, 'before 2');
    await waitFor(bob.page, () => window.aqueduct.messages.length === 2);

    await bob.context.setOffline(true);
    if (watchNetwork) {
      await waitFor(bob.page, () => window.aqueduct.client.state === 'offline', undefined, 3000);
    }
    const during = ['during 1', 'during 2', 'during 3', 'during 4', 'during 5'];
    for (const text of during) {
      await say(alice.page, text);
      await sleep(150);
    }
    await waitFor(alice.page, () => window.aqueduct.messages.length === 7);
    if (!watchNetwork) {
      // no offline event: the frozen socket is given up when its ping goes unanswered
      await waitFor(bob.page, () => window.aqueduct.closes.some((c) => c.reason === 'ping timeout'), undefined, 8000);
    }
    const cut = await bob.page.evaluate(() => ({ count: window.aqueduct.messages.length, state: window.aqueduct.client.state }));
    assert.equal(cut.count, 2, 'nothing reached the page while it was offline');
    assert.notEqual(cut.state, 'open');

    await bob.context.setOffline(false);
    await waitFor(bob.page, () => window.aqueduct.messages.length >= 7, undefined, 20000);
    await say(alice.page, 'after');
    await waitFor(bob.page, () => window.aqueduct.messages.length >= 8);
    await sleep(500);

    const a = await alice.page.evaluate(() => window.aqueduct);
    const b = await bob.page.evaluate(() => ({
      messages: window.aqueduct.messages, joins: window.aqueduct.joins, connections: window.aqueduct.connections,
      closes: window.aqueduct.closes, states: window.aqueduct.states,
    }));
    const expected = ['before 1', 'before 2', ...during, 'after'];
    assert.deepEqual(texts(b), expected);
    assert.deepEqual(texts(a), expected);
    assert.deepEqual(b.messages.map((m) => m.seq), a.messages.map((m) => m.seq));
    assert.deepEqual(await bob.page.locator('#messages li').allTextContents(),
      a.messages.map((m) => `#${m.seq} ${m.payload.name}: ${m.payload.text}`));

    // the page really reconnected (a new connection of the server) and resumed the room
    assert.equal(b.connections.length, 2, `connections: ${b.connections}`);
    assert.notEqual(b.connections[0], b.connections[1]);
    assert.deepEqual(b.joins.map((j) => [j.resumed, j.recovered]), [[false, true], [true, true]]);
    assert.ok(b.states.includes(watchNetwork ? 'offline' : 'reconnecting'), `states: ${b.states}`);
    assert.equal(b.closes[0].reason, watchNetwork ? 'offline' : 'ping timeout');
  } finally {
    await browser.close();
  }
}

test('a page that goes offline reconnects when it is back online and shows every message once, in order', { timeout: 90000 }, async () => {
  await cutAndRestore(true);
});

test('without the offline event, the ping timeout finds the frozen connection; nothing lost, nothing twice', { timeout: 90000 }, async () => {
  await cutAndRestore(false);
});
