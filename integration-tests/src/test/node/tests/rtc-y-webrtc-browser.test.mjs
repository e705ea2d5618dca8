// The stock y-webrtc provider in Chromium against WS /signaling (the demo page /demo/webrtc.html): two users in two
// browser contexts (no shared BroadcastChannel, so only WebRTC can carry their edits) find each other through the
// platform and sync a Y.Text over a DataChannel; a third user without SIGNAL on the room is refused and never sees
// their signaling. Every page records the signaling frames it receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, devToken, launchBrowser, waitFor } from '../lib/aqueduct.mjs';
import { uniq } from '../lib/ws-client.mjs';

// Chromium hides host candidates behind mDNS names, which do not resolve on a machine without mDNS.
const BROWSER_FLAGS = ['--disable-features=WebRtcHideLocalIpsWithMdns'];

// Records every message the page's WebSockets receive, before any page script runs.
function recordSignaling() {
  window.signalingFrames = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        try {
          window.signalingFrames.push(JSON.parse(e.data));
        } catch {
          window.signalingFrames.push({ unparsable: String(e.data) });
        }
      });
    }
  };
}

async function openPeer(browser, room, grants, { password } = {}) {
  const token = await devToken({ sub: uniq('peer'), rooms: { 'rtc:*': grants } });
  const context = await browser.newContext();
  await context.addInitScript(recordSignaling);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const query = new URLSearchParams({ token, room, ...(password ? { password } : {}) });
  await page.goto(`${BASE}/demo/webrtc.html?${query}`);
  return { context, page, errors };
}

const state = (peer) => peer.page.evaluate(() => ({
  peers: window.aqueduct.peers, errors: window.aqueduct.errors, text: window.aqueduct.text,
  signaling: window.aqueduct.signaling, iceError: window.aqueduct.iceError,
}));
const frames = (peer) => peer.page.evaluate(() => window.signalingFrames);
const connectedPeers = (peer) => peer.page.evaluate(() => window.aqueduct.session.peers().webrtc
  .filter((p) => p.connected).map((p) => p.id));
const ownPeerId = (peer) => peer.page.evaluate(() => window.aqueduct.session.provider.room.peerId);

async function type(peer, text) {
  await peer.page.locator('#text').click();
  await peer.page.keyboard.press('End');
  await peer.page.keyboard.type(text);
}

test('two y-webrtc peers sync a Y.Text over a DataChannel; a peer without SIGNAL is refused and sees nothing', async () => {
  const room = `rtc:${uniq('p2p')}`;
  const browser = await launchBrowser(BROWSER_FLAGS);
  try {
    // the outsider comes first, so that everything the others signal happens while it is connected
    const carol = await openPeer(browser, room, 'rw');
    await waitFor(carol.page, () => window.aqueduct.errors.some((e) => e.code === 'forbidden'));
    const alice = await openPeer(browser, room, 's');
    const bob = await openPeer(browser, room, 's');
    await waitFor(alice.page, () => window.aqueduct.session?.peers().webrtc.some((p) => p.connected));
    await waitFor(bob.page, () => window.aqueduct.session?.peers().webrtc.some((p) => p.connected));
    assert.deepEqual(await connectedPeers(alice), [await ownPeerId(bob)]);
    assert.deepEqual(await connectedPeers(bob), [await ownPeerId(alice)]);
    // separate browser contexts share no BroadcastChannel: the DataChannel is the only way between them
    assert.deepEqual((await state(alice)).peers.broadcast, []);
    assert.deepEqual((await state(bob)).peers.broadcast, []);

    await type(alice, 'Hello from Alice. ');
    await waitFor(bob.page, () => window.aqueduct.text === 'Hello from Alice. ');
    await type(bob, 'And Bob.');
    await waitFor(alice.page, () => window.aqueduct.text === 'Hello from Alice. And Bob.');
    assert.equal(await bob.page.locator('#text').inputValue(), 'Hello from Alice. And Bob.');

    // they found each other through the platform: announce, offer and answer went through /signaling
    const signals = (await frames(alice)).filter((m) => m.type === 'publish' && m.topic === room)
      .map((m) => m.data.type === 'signal' ? m.data.signal.type ?? 'candidate' : m.data.type);
    assert.ok(signals.includes('announce'), signals.join());
    assert.ok(signals.includes('offer') || signals.includes('answer'), signals.join());

    // the outsider: refused subscribe and publish, no peer, no text, and not one of their publishes
    const c = await state(carol);
    const refused = (await frames(carol)).filter((m) => m.type === 'error');
    assert.ok(refused.some((e) => e.code === 'forbidden' && e.refused === 'subscribe' && e.topic === room));
    assert.ok(refused.some((e) => e.code === 'forbidden' && e.refused === 'publish'));
    assert.deepEqual((await frames(carol)).filter((m) => m.type === 'publish'), []);
    assert.deepEqual(c.peers.webrtc, []);
    assert.equal(c.text, '');
    assert.match(c.iceError, /403/, 'the ICE servers endpoint refused it as well');
    // and the members never heard of it
    const carolId = await ownPeerId(carol);
    for (const p of [alice, bob]) {
      assert.ok(!(await frames(p)).some((m) => m.data?.from === carolId), 'a member saw the outsider');
    }
    for (const p of [alice, bob, carol]) assert.deepEqual(p.errors, []);
  } finally {
    await browser.close();
  }
});

test('a password-protected room: the peers sync while the server only ever relays ciphertext', async () => {
  const room = `rtc:${uniq('secret')}`;
  const browser = await launchBrowser(BROWSER_FLAGS);
  try {
    const alice = await openPeer(browser, room, 's', { password: 'correct horse battery staple' });
    const bob = await openPeer(browser, room, 's', { password: 'correct horse battery staple' });
    await waitFor(alice.page, () => window.aqueduct.session?.peers().webrtc.some((p) => p.connected));
    await type(bob, 'secret text');
    await waitFor(alice.page, () => window.aqueduct.text === 'secret text');
    const published = (await frames(alice)).filter((m) => m.type === 'publish');
    assert.ok(published.length >= 2, `${published.length} publishes`);
    for (const m of published) {
      assert.equal(typeof m.data, 'string', 'encrypted signaling data is a base64 string');
      assert.doesNotMatch(m.data, /offer|answer|announce|candidate/);
    }
    for (const p of [alice, bob]) assert.deepEqual(p.errors, []);
  } finally {
    await browser.close();
  }
});
