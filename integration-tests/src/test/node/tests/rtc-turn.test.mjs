// TURN end to end: coturn on 127.0.0.1:3478 with the test server's first TURN secret (use-auth-secret), and two
// Chromium pages served by the platform. With iceTransportPolicy 'relay' they can only connect through coturn, with
// the credentials from GET /api/v1/rtc/ice-servers; the SDP goes from page to page through the test, no signaling
// server. Alice sends a data channel message and a video track. Expired and forged credentials get no relay candidate: coturn answers 401. Then both pages report their
// stats with /sdk/aqueduct-rtc.js and /metrics counts two relayed connections, until one closes and the other stops
// reporting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BASE, devToken, launchBrowser, metricValue, until } from '../lib/aqueduct.mjs';
import { startCoturn } from '../lib/coturn.mjs';

const SECRET = 'it-turn-secret'; // the first of AQUEDUCT_RTC_TURN_SECRETS (integration-tests/pom.xml)
const REALM = 'aqueduct.test';
const STATS_EXPIRY_MS = 4000; // AQUEDUCT_RTC_STATS_EXPIRY
const ROOM = `call:turn-${Date.now()}`;

let coturn;
let browser;

before(async () => {
  coturn = await startCoturn({ secret: SECRET, realm: REALM });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await coturn?.stop();
});

async function openPage(sub) {
  const token = await devToken({ sub, rooms: { 'call:*': 's' } });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/demo/rtc-check.html`);
  await page.waitForFunction(() => window.aqueductRtc !== undefined);
  return { context, page, token, sub };
}

// In the page: a relay-only peer connection with the given ICE servers (or the platform's), its candidates and
// ICE errors recorded in window.peer; with `video`, it sends a video track drawn on a canvas.
async function createPeer(page, { token, iceServers, video = false }) {
  await page.evaluate(async ({ token, room, iceServers, video }) => {
    const servers = iceServers ?? (await window.aqueductRtc.fetchIceServers({ token, room })).iceServers;
    const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
    const peer = { pc, candidates: [], errors: [], received: [] };
    if (video) {
      const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 120 });
      const g = canvas.getContext('2d');
      let frame = 0;
      setInterval(() => {
        g.fillStyle = `hsl(${(frame += 7) % 360} 80% 50%)`;
        g.fillRect(0, 0, canvas.width, canvas.height);
      }, 50);
      const stream = canvas.captureStream(20);
      pc.addTrack(stream.getVideoTracks()[0], stream);
    }
    window.peer = peer;
    pc.onicecandidate = (e) => { if (e.candidate) peer.candidates.push(e.candidate.type); };
    pc.onicecandidateerror = (e) => peer.errors.push({ code: e.errorCode, text: e.errorText, url: e.url });
    const track = (channel) => {
      peer.channel = channel;
      channel.onmessage = (m) => peer.received.push(m.data);
    };
    pc.ondatachannel = (e) => track(e.channel);
    peer.gathered = () => new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    peer.track = track;
  }, { token, room: ROOM, iceServers, video });
}

// Offer from one page, answer from the other, each with all its candidates (gathering complete).
async function connect(offerer, answerer) {
  const offer = await offerer.evaluate(async () => {
    const { pc, track } = window.peer;
    track(pc.createDataChannel('data'));
    await pc.setLocalDescription();
    await window.peer.gathered();
    return pc.localDescription.toJSON();
  });
  const answer = await answerer.evaluate(async (description) => {
    const { pc } = window.peer;
    await pc.setRemoteDescription(description);
    await pc.setLocalDescription();
    await window.peer.gathered();
    return pc.localDescription.toJSON();
  }, offer);
  await offerer.evaluate((description) => window.peer.pc.setRemoteDescription(description), answer);
  for (const page of [offerer, answerer]) {
    await page.waitForFunction(() => window.peer.channel?.readyState === 'open', undefined, { timeout: 20000 });
  }
}

async function gatherOnly(page) {
  return page.evaluate(async () => {
    const { pc } = window.peer;
    pc.createDataChannel('probe');
    await pc.setLocalDescription();
    await window.peer.gathered();
    return { candidates: window.peer.candidates, errors: window.peer.errors };
  });
}

const turnUsername = (expiresAtSeconds, user) => `${expiresAtSeconds}:${user}`;
const turnPassword = (secret, username) => createHmac('sha1', secret).update(username).digest('base64');

test('turn: two relay-only peers connect through coturn with the platform\'s credentials', async () => {
  const alice = await openPage(`alice-${Date.now()}`);
  const bob = await openPage(`bob-${Date.now()}`);
  try {
    await createPeer(alice.page, { token: alice.token, video: true });
    await createPeer(bob.page, { token: bob.token });
    await connect(alice.page, bob.page);

    await alice.page.evaluate(() => window.peer.channel.send('from alice'));
    await bob.page.evaluate(() => window.peer.channel.send('from bob'));
    await bob.page.waitForFunction(() => window.peer.received.includes('from alice'));
    await alice.page.waitForFunction(() => window.peer.received.includes('from bob'));

    for (const { page } of [alice, bob]) {
      // getStats() counters trail the data channel a little (Chromium refreshes them periodically): wait for both
      await page.waitForFunction(async () => {
        const s = window.aqueductRtc.summarizeStats(await window.peer.pc.getStats());
        return s.bytesSent > 0 && s.bytesReceived > 0;
      }, undefined, { timeout: 20000, polling: 200 }).catch(() => {});
      const { candidates, summary } = await page.evaluate(async () => ({
        candidates: window.peer.candidates,
        summary: window.aqueductRtc.summarizeStats(await window.peer.pc.getStats()),
      }));
      assert.ok(candidates.length > 0 && candidates.every((t) => t === 'relay'), `candidates ${candidates}`);
      assert.equal(summary.localCandidateType, 'relay');
      assert.ok(summary.bytesSent > 0 && summary.bytesReceived > 0, JSON.stringify(summary));
    }
    // bob receives alice's video: its summary counts the media packets
    await bob.page.waitForFunction(async () => (window.aqueductRtc.summarizeStats(await window.peer.pc.getStats())
      .packetsReceived ?? 0) > 0, undefined, { timeout: 20000, polling: 200 });
    // coturn saw allocations for both users
    const log = await coturn.log();
    for (const { sub } of [alice, bob]) {
      assert.match(log, new RegExp(`<\\d+:${sub}>.*ALLOCATE processed, success`), log);
    }

    // both pages report stats; the server counts two relayed connections
    const relayBefore = await metricValue('aqueduct_rtc_connections_active', { type: 'relay' });
    const reportsBefore = await metricValue('aqueduct_rtc_stats_reports_total', { type: 'relay' });
    const rttBefore = await metricValue('aqueduct_rtc_rtt_milliseconds_count', { type: 'relay' });
    const bytesBefore = await metricValue('aqueduct_rtc_bytes_total', { type: 'relay', direction: 'sent' });
    const packetsBefore = await metricValue('aqueduct_rtc_packets_received_total', { type: 'relay' });
    for (const { page, token } of [alice, bob]) {
      await page.evaluate(({ token, room }) => {
        window.reporter = window.aqueductRtc.reportRtcStats(window.peer.pc, { token, room, intervalMs: 500 });
      }, { token, room: ROOM });
    }
    await until(async () => await metricValue('aqueduct_rtc_connections_active', { type: 'relay' })
      === relayBefore + 2, { what: 'two active relayed connections', timeout: 10000 });
    assert.ok(await metricValue('aqueduct_rtc_turn_share') > 0);
    await until(async () => await metricValue('aqueduct_rtc_stats_reports_total', { type: 'relay' })
      >= reportsBefore + 4, { what: 'periodic reports' });
    assert.ok(await metricValue('aqueduct_rtc_rtt_milliseconds_count', { type: 'relay' }) > rttBefore);
    assert.ok(await metricValue('aqueduct_rtc_bytes_total', { type: 'relay', direction: 'sent' }) > bytesBefore);
    assert.ok(await metricValue('aqueduct_rtc_packets_received_total', { type: 'relay' }) > packetsBefore);
    for (const { page } of [alice, bob]) {
      assert.equal(await page.evaluate(() => window.reporter.lastError?.message ?? null), null);
    }

    // alice closes: reported as closed, no longer active at once
    await alice.page.evaluate(async () => {
      window.peer.pc.close();
      await window.reporter.stop();
    });
    assert.equal(await metricValue('aqueduct_rtc_connections_active', { type: 'relay' }), relayBefore + 1);
    // bob's page goes away without a word: active until the expiry
    await bob.context.close();
    const gone = Date.now();
    await until(async () => await metricValue('aqueduct_rtc_connections_active', { type: 'relay' })
      === relayBefore, { what: 'the silent connection to expire', timeout: STATS_EXPIRY_MS + 5000 });
    assert.ok(Date.now() - gone >= STATS_EXPIRY_MS - 1500, `expired after ${Date.now() - gone} ms`);
  } finally {
    await alice.context.close();
    await bob.context.close().catch(() => {});
  }
});

test('turn: coturn refuses expired and forged credentials (401, no relay candidate)', async () => {
  const { context, page, token } = await openPage(`mallory-${Date.now()}`);
  const now = Math.floor(Date.now() / 1000);
  const urls = ['turn:127.0.0.1:3478?transport=udp'];
  const expired = turnUsername(now - 60, 'mallory');
  const future = turnUsername(now + 600, 'mallory');
  const cases = {
    expired: [{ urls, username: expired, credential: turnPassword(SECRET, expired) }],
    forged: [{ urls, username: future, credential: turnPassword('not-the-secret', future) }],
    // signed correctly, but the user part was changed afterwards
    tampered: [{ urls, username: future.replace('mallory', 'admin'), credential: turnPassword(SECRET, future) }],
    // the control: the same request with a valid credential does get a relay candidate
    valid: [{ urls, username: future, credential: turnPassword(SECRET, future) }],
  };
  try {
    const results = {};
    for (const [name, iceServers] of Object.entries(cases)) {
      await page.reload();
      await page.waitForFunction(() => window.aqueductRtc !== undefined);
      await createPeer(page, { token, iceServers });
      results[name] = await gatherOnly(page);
    }
    assert.deepEqual(results.valid.candidates, ['relay'], JSON.stringify(results.valid));
    for (const name of ['expired', 'forged', 'tampered']) {
      const { candidates, errors } = results[name];
      assert.deepEqual(candidates, [], `${name}: ${JSON.stringify(results[name])}`);
      assert.ok(errors.some((e) => e.code === 401), `${name}: ${JSON.stringify(errors)}`);
    }
  } finally {
    await context.close();
  }
});
