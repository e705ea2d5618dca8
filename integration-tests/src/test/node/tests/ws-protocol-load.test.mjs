// The room bus under load against the running server: a slow consumer is closed with 4008 while a healthy client
// keeps its latency, and rate limits answer rate-limited, then close with 4429. The tests run one after another:
// the slow-consumer test measures latency and must not share the machine with the others.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { metricValue } from '../lib/aqueduct.mjs';
import { SERVER, scope, sleep, uniq } from '../lib/ws-client.mjs';

const room = () => `chat:${uniq('load')}`;
const isMsg = (r, pred = () => true) => (m) => m.op === 'msg' && m.room === r && pred(m);
const consecutive = (from, n) => Array.from({ length: n }, (_, i) => from + i);

// Connections closed with a code, from the counter on /metrics.
const WS_CLOSES_METRIC = 'aqueduct_closes_total';
async function wsCloses(code) {
  return metricValue(WS_CLOSES_METRIC, { transport: 'ws', code: String(code) });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('load', () => {
  test('a slow consumer is closed with 4008; a healthy client keeps receiving with normal latency', { timeout: 60000 }, async (t) => {
    const s = scope(t);
    const r = room();
    const reader = { [r]: 'r' };
    const healthy = await s.open(await s.user(reader));
    const slow = await s.open(await s.user(reader));
    const start = (await healthy.join(r)).seq;
    await slow.join(r);
    const closesBefore = await wsCloses(4008);

    // the slow client stops reading (its TCP receive window fills up) but keeps talking, so the heartbeat does
    // not close it first
    slow.ws._socket.pause();
    const keepAlive = setInterval(() => slow.ws.readyState === 1 && slow.send({ op: 'ping' }), 500);
    t.after(() => clearInterval(keepAlive));

    // publishers of their own subjects (per-principal and per-connection rates), big payloads, about 6.5 MB in
    // 2.5 s: more than the kernel buffers of a paused reader hold (about 3 MB here), and at no instant more
    // than the 256 KiB queue bound for a reader that keeps up (the publishers are staggered). Squeezed into 1 s,
    // the reader that keeps up was sometimes closed as well on a busy machine.
    const publishers = 10;
    const perPublisher = 40;
    const floodMs = 2500;
    const pad = randomBytes(12 * 1024).toString('base64'); // 16 KiB
    const pubs = await Promise.all(Array.from({ length: publishers }, async () => s.open(await s.user({ [r]: 'w' }))));
    const flood = pubs.map(async (p, k) => {
      const acks = [];
      await sleep((k * floodMs) / perPublisher / publishers);
      for (let i = 0; i < perPublisher; i++) {
        acks.push(p.pub(r, `f-${k}-${i}`, { t: Date.now(), k, i, pad }));
        await sleep(floodMs / perPublisher);
      }
      return Promise.all(acks);
    });
    const acks = (await Promise.all(flood)).flat();
    const total = publishers * perPublisher;
    assert.equal(acks.length, total);

    const got = await healthy.take(total, isMsg(r), { timeout: 20000 });
    const entries = healthy.log.filter((e) => e.msg.op === 'msg' && e.msg.room === r);
    assert.deepEqual(got.map((m) => m.seq), consecutive(start + 1, total), 'the healthy client got everything, in order');
    const latencies = entries.map((e) => e.at - e.msg.payload.t);
    const p99 = percentile(latencies, 99);
    const p50 = percentile(latencies, 50);
    t.diagnostic(`healthy client publish-to-receive: p50 ${p50} ms, p99 ${p99} ms, max ${Math.max(...latencies)} ms over ${total} messages`);
    assert.ok(p99 < 1000, `p99 publish-to-receive ${p99} ms`);
    assert.equal(healthy.closeInfo, null);

    // now read what the slow client was sent: a gap-free prefix, then the close
    clearInterval(keepAlive);
    slow.ws._socket.resume();
    const { code } = await slow.waitClose(15000);
    const slowSeqs = slow.all(isMsg(r)).map((m) => m.seq);
    t.diagnostic(`slow client: ${slowSeqs.length} of ${total} messages before close ${code}`);
    assert.equal(code, 4008);
    assert.ok(slowSeqs.length < total, 'the slow client was closed before it got everything');
    assert.deepEqual(slowSeqs, consecutive(start + 1, slowSeqs.length), 'no message skipped before the close');
    const closesAfter = await wsCloses(4008);
    assert.ok(closesAfter >= closesBefore + 1, `${WS_CLOSES_METRIC}{transport="ws",code="4008"} went from ${closesBefore} to ${closesAfter}`);

    // and the healthy client is still live
    const p = pubs[0];
    const ack = await p.pub(r, 'after-flood', { after: true });
    assert.equal((await healthy.next(isMsg(r, (m) => m.payload.after === true))).seq, ack.seq);
  });

  test('flooding pub: rate-limited with retryAfterMs, then close 4429; refused messages are never delivered', async (t) => {
    const s = scope(t);
    const r = room();
    const flooder = await s.open(await s.user({ [r]: 'rw' }));
    const observer = await s.open(await s.user({ [r]: 'rw' }));
    await observer.join(r);
    const n = SERVER.connectionBurst * 2;
    for (let i = 0; i < n; i++) flooder.send({ op: 'pub', room: r, id: `flood-${i}`, payload: { i }, ref: i });
    const { code } = await flooder.waitClose(5000);
    assert.equal(code, 4429);
    const answers = flooder.all((m) => m.op === 'ack' || m.op === 'error');
    const acks = answers.filter((m) => m.op === 'ack');
    const limited = answers.filter((m) => m.op === 'error' && m.code === 'rate-limited');
    t.diagnostic(`${acks.length} acks, ${limited.length} rate-limited before close ${code}`);
    assert.equal(answers.length, acks.length + limited.length, `only acks and rate-limited: ${JSON.stringify(answers.filter((m) => m.op === 'error' && m.code !== 'rate-limited'))}`);
    assert.ok(acks.length >= SERVER.connectionBurst - 2 && acks.length <= SERVER.connectionBurst + 2, `${acks.length} acks for a burst of ${SERVER.connectionBurst}`);
    assert.ok(limited.length >= 1 && limited.length <= SERVER.rateLimitStrikes, `${limited.length} rate-limited errors`);
    for (const e of limited) {
      assert.equal(typeof e.retryAfterMs, 'number', JSON.stringify(e));
      assert.ok(e.retryAfterMs > 0, JSON.stringify(e));
      assert.equal(typeof e.ref, 'number');
    }
    assert.ok(Math.max(...acks.map((a) => a.ref)) < Math.min(...limited.map((e) => e.ref)), 'the burst is accepted first');

    const marker = await observer.pub(r, 'marker', 'marker');
    await observer.next(isMsg(r, (m) => m.seq === marker.seq));
    const delivered = observer.all(isMsg(r, (m) => m.payload !== 'marker')).map((m) => m.payload.i);
    assert.deepEqual(delivered, acks.map((a) => a.ref), 'exactly the acknowledged pubs were delivered');
  });

  test('a client that waits retryAfterMs after rate-limited is served again and stays open', async (t) => {
    const s = scope(t);
    const r = room();
    const c = await s.open(await s.user({ [r]: 'rw' }));
    const n = SERVER.connectionBurst + 5;
    for (let i = 0; i < n; i++) c.send({ op: 'pub', room: r, id: `p-${i}`, payload: i, ref: i });
    const answers = await c.take(n, (m) => m.op === 'ack' || m.op === 'error');
    const limited = answers.filter((m) => m.code === 'rate-limited');
    assert.ok(limited.length >= 1 && limited.length < SERVER.rateLimitStrikes, `${limited.length} refused`);
    await sleep(Math.max(...limited.map((e) => e.retryAfterMs)) + 50);
    const ack = await c.pub(r, 'after-wait', 'ok');
    assert.equal(ack.id, 'after-wait');
    await sleep(300);
    assert.equal(c.closeInfo, null);
  });

  test('the per-principal rate holds across connections of the same subject', async (t) => {
    const s = scope(t);
    const r = room();
    const u = await s.user({ [r]: 'rw' });
    const conns = await Promise.all([1, 2, 3, 4].map(() => s.open(u)));
    const per = 22; // 88 pubs: a few over the burst, never 10 refusals in a row on one connection
    const started = Date.now();
    for (let i = 0; i < per; i++) conns.forEach((c, k) => c.send({ op: 'pub', room: r, id: `p-${k}-${i}`, payload: i }));
    const answers = (await Promise.all(conns.map((c) => c.take(per, (m) => m.op === 'ack' || m.op === 'error', { timeout: 8000 })))).flat();
    const elapsed = (Date.now() - started) / 1000;
    const acks = answers.filter((m) => m.op === 'ack').length;
    const limited = answers.filter((m) => m.code === 'rate-limited');
    t.diagnostic(`${acks} acks, ${limited.length} rate-limited of ${answers.length} in ${elapsed} s`);
    assert.equal(acks + limited.length, answers.length);
    assert.ok(acks <= SERVER.principalBurst + Math.ceil(SERVER.principalRate * elapsed) + 1, `${acks} acks`);
    assert.ok(limited.length >= 1);
    for (const e of limited) assert.ok(e.retryAfterMs > 0, JSON.stringify(e));
  });
});

