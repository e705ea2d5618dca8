// POST /api/v1/rtc/stats and the metrics it feeds: what a report adds to /metrics (counters grow by what grew
// since the connection's previous report), active connections by path type, closing, and every refusal. The
// browser case runs the platform's connection check page with host candidates, so its reports count as host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, devToken, launchBrowser, metricValue, until } from '../lib/aqueduct.mjs';

const post = (token, body, headers = {}) => fetch(`${BASE}/api/v1/rtc/stats`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const uniq = (name) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const signaller = () => devToken({ sub: uniq('stats'), rooms: { 'call:*': 's', 'chat:*': 'rw' } });

async function metrics(names) {
  const out = {};
  for (const [key, [name, labels]] of Object.entries(names)) out[key] = await metricValue(name, labels);
  return out;
}

const SRFLX = {
  reports: ['aqueduct_rtc_stats_reports_total', { type: 'srflx' }],
  sent: ['aqueduct_rtc_bytes_total', { type: 'srflx', direction: 'sent' }],
  received: ['aqueduct_rtc_bytes_total', { type: 'srflx', direction: 'received' }],
  packets: ['aqueduct_rtc_packets_received_total', { type: 'srflx' }],
  lost: ['aqueduct_rtc_packets_lost_total', { type: 'srflx' }],
  rttCount: ['aqueduct_rtc_rtt_milliseconds_count', { type: 'srflx' }],
  rttSum: ['aqueduct_rtc_rtt_milliseconds_sum', { type: 'srflx' }],
  rttUnder50: ['aqueduct_rtc_rtt_milliseconds_bucket', { type: 'srflx', le: '50.0' }],
  active: ['aqueduct_rtc_connections_active', { type: 'srflx' }],
};

test('stats: a report adds what grew since the previous one; the connection is active until closed', async () => {
  const token = await signaller();
  const room = `call:${uniq('stats')}`;
  const connection = uniq('pc');
  const start = await metrics(SRFLX);

  const first = await post(token, {
    room, connection, localCandidateType: 'host', remoteCandidateType: 'srflx', currentRoundTripTime: 0.04,
    bytesSent: 1000, bytesReceived: 2000, packetsReceived: 100, packetsLost: 5,
  });
  assert.equal(first.status, 204, await first.text());
  const second = await post(token, {
    room, connection, localCandidateType: 'host', remoteCandidateType: 'srflx',
    bytesSent: 1500, bytesReceived: 2000, packetsReceived: 150, packetsLost: 7,
  });
  assert.equal(second.status, 204);

  const now = await metrics(SRFLX);
  const grew = Object.fromEntries(Object.keys(SRFLX).map((k) => [k, now[k] - start[k]]));
  assert.deepEqual(grew, {
    reports: 2, sent: 1500, received: 2000, packets: 150, lost: 7, rttCount: 1, rttSum: 40, rttUnder50: 1, active: 1,
  });
  const share = await metricValue('aqueduct_rtc_turn_share');
  const active = await Promise.all(['host', 'prflx', 'srflx', 'relay']
    .map((type) => metricValue('aqueduct_rtc_connections_active', { type })));
  assert.equal(share, active[3] / active.reduce((a, b) => a + b, 0));

  // the same connection id from another user is another connection
  const other = await signaller();
  assert.equal((await post(other, { room, connection, localCandidateType: 'srflx', remoteCandidateType: 'host' }))
    .status, 204);
  assert.equal(await metricValue(...SRFLX.active), start.active + 2);

  for (const t of [token, other]) {
    assert.equal((await post(t, { room, connection, state: 'closed' })).status, 204);
  }
  assert.equal(await metricValue(...SRFLX.active), start.active);
});

test('stats: refusals are problem+json: 400 naming the field, 401, 403, 413, 429', async () => {
  const token = await signaller();
  const ok = { room: 'call:x', connection: 'pc1', localCandidateType: 'relay', remoteCandidateType: 'host' };
  const refused = async (r, status, type) => {
    assert.equal(r.status, status);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    const problem = await r.json();
    assert.equal(problem.type, `urn:aqueduct:problem:${type}`);
    return problem.detail;
  };
  assert.match(await refused(await post(token, '{"room":'), 400, 'invalid-stats'), /not valid JSON/);
  assert.match(await refused(await post(token, { ...ok, bogus: 1 }), 400, 'invalid-stats'), /unknown field 'bogus'/);
  assert.match(await refused(await post(token, { ...ok, localCandidateType: 'turn' }), 400, 'invalid-stats'),
    /'localCandidateType' must be one of host, srflx, prflx, relay/);
  assert.match(await refused(await post(token, { ...ok, bytesSent: -1 }), 400, 'invalid-stats'), /'bytesSent'/);
  assert.match(await refused(await post(token, { ...ok, currentRoundTripTime: 'fast' }), 400, 'invalid-stats'),
    /'currentRoundTripTime'/);
  assert.match(await refused(await post(token, { ...ok, connection: 'a b' }), 400, 'invalid-stats'), /'connection'/);
  await refused(await post(token, { ...ok, room: 'nocolon' }), 400, 'invalid-room');

  await refused(await post(null, ok), 401, 'unauthorized');
  assert.match(await refused(await post(token, { ...ok, room: 'chat:lobby' }), 403, 'forbidden'),
    /SIGNAL is not allowed on room chat:lobby/);
  assert.match(await refused(await post(token, { ...ok, connection: 'x'.repeat(5000) }), 413, 'too-large'),
    /at most 4096 bytes/);

  // the principal's rate limit of the gate (AQUEDUCT_LIMITS_PRINCIPAL_*: 30/s, burst 80): batches of concurrent
  // reports until one is refused, however fast this machine answers
  const burst = await devToken({ sub: uniq('burst'), rooms: { 'call:*': 's' } });
  let limited;
  let sent = 0;
  while (!limited && sent < 2000) {
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(burst, ok)));
    sent += answers.length;
    assert.deepEqual([...new Set(answers.map((r) => r.status))].filter((st) => st !== 204 && st !== 429), []);
    limited = answers.find((r) => r.status === 429);
    await Promise.all(answers.filter((r) => r !== limited).map((r) => r.body?.cancel()));
  }
  assert.ok(limited, `no 429 after ${sent} reports`);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal((await limited.json()).type, 'urn:aqueduct:problem:rate-limited');
});

test('stats: the connection check page reports its two host-to-host connections as host', async () => {
  const token = await signaller();
  const room = `call:${uniq('check')}`;
  // host candidates with their addresses instead of mDNS names, so that neither side learns the other's as
  // peer-reflexive first
  const browser = await launchBrowser(['--disable-features=WebRtcHideLocalIpsWithMdns']);
  try {
    const hostBefore = await metricValue('aqueduct_rtc_connections_active', { type: 'host' });
    const page = await browser.newPage();
    await page.goto(`${BASE}/demo/rtc-check.html?${new URLSearchParams({ token, room, policy: 'all' })}`);
    await page.getByRole('button', { name: 'Run check' }).click();
    await page.getByRole('status').filter({ hasText: /connected: host to host, RTT \d+ ms; stats reported/ })
      .waitFor({ timeout: 20000 });
    assert.equal(await metricValue('aqueduct_rtc_connections_active', { type: 'host' }), hostBefore + 2);
    await page.close();
    await until(async () => await metricValue('aqueduct_rtc_connections_active', { type: 'host' }) === hostBefore,
      { what: 'the closed page\'s connections to expire', timeout: 10000 });
  } finally {
    await browser.close();
  }
});
