// The JavaScript SDK (clients/js/aqueduct.js) in node against the real server: chat, refusals, resume after a dead
// socket, re-sent publishes, lost history, token refresh and local backpressure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { devToken, joinCollecting, sdkClient, tcpProxy, until } from '../lib/aqueduct.mjs';
import { uniq } from '../lib/ws-client.mjs';

const RW = { 'chat:*': 'rwp' };
const LIMIT = { timeout: 60000 };

async function connected(sub, grants = RW, options = {}) {
  const c = sdkClient({ token: await devToken({ sub, rooms: grants }), ...options });
  await c.client.connect();
  return c;
}

function closeAll(...clients) {
  for (const c of clients) c?.client.close();
}

const seqs = (list) => list.map((m) => m.seq);
const payloads = (list) => list.map((m) => m.payload);

function assertIncreasing(values, what) {
  for (let i = 1; i < values.length; i++) {
    assert.ok(values[i] > values[i - 1], `${what} not strictly increasing at ${i}: ${values}`);
  }
}

test('two clients chat: joined, acks with increasing seq, everyone receives everything once and in order', LIMIT, async () => {
  const room = `chat:${uniq('sdk-chat')}`;
  const [alice, bob] = [uniq('alice'), uniq('bob')];
  let a;
  let b;
  try {
    a = await connected(alice);
    b = await connected(bob);
    const ra = await joinCollecting(a.client, room);
    const rb = await joinCollecting(b.client, room);
    assert.equal(ra.joins.length, 1);
    assert.equal(ra.joins[0].resumed, false);
    assert.match(ra.joins[0].epoch, /\S/);

    const pubs = [];
    for (let i = 0; i < 6; i++) {
      pubs.push({ from: alice, text: `a${i}`, ack: a.client.publish(room, { text: `a${i}` }, { type: 'chat.message' }) });
      pubs.push({ from: bob, text: `b${i}`, ack: rb.room.publish({ text: `b${i}` }, { type: 'chat.message' }) });
    }
    const acks = await Promise.all(pubs.map((p) => p.ack));
    assertIncreasing(acks.filter((_, i) => i % 2 === 0).map((x) => x.seq), 'alice acks');
    assertIncreasing(acks.filter((_, i) => i % 2 === 1).map((x) => x.seq), 'bob acks');
    assert.equal(new Set(acks.map((x) => x.seq)).size, 12);
    for (const ack of acks) assert.equal(ack.room, room);

    await until(() => ra.messages.length >= 12 && rb.messages.length >= 12, { what: '12 messages on both' });
    await sleep(300);
    const bySeq = new Map(pubs.map((p, i) => [acks[i].seq, p]));
    for (const r of [ra, rb]) {
      assert.equal(r.messages.length, 12);
      assert.deepEqual(seqs(r.messages), [...bySeq.keys()].sort((x, y) => x - y));
      for (const m of r.messages) {
        assert.equal(m.room, room);
        assert.equal(m.type, 'chat.message');
        assert.equal(m.from, bySeq.get(m.seq).from);
        assert.deepEqual(m.payload, { text: bySeq.get(m.seq).text });
        assert.equal(typeof m.ts, 'number');
        assert.notEqual(m.id, acks.find((x) => x.seq === m.seq).id, 'msg id is the platform id, not the publish id');
      }
    }
    assert.deepEqual(rb.room.position, { epoch: ra.joins[0].epoch, seq: Math.max(...bySeq.keys()) });
  } finally {
    closeAll(a, b);
  }
});

test('a READ-only client: join works, publish is rejected with code forbidden, nothing is delivered', LIMIT, async () => {
  const room = `chat:${uniq('sdk-ro')}`;
  let reader;
  let writer;
  try {
    reader = await connected(uniq('reader'), { 'chat:*': 'r' });
    writer = await connected(uniq('writer'));
    const rr = await joinCollecting(reader.client, room);
    const rw = await joinCollecting(writer.client, room);
    const connId = reader.client.connId;

    await assert.rejects(rr.room.publish({ text: 'not allowed' }), (e) => {
      assert.equal(e.name, 'AqueductError');
      assert.equal(e.code, 'forbidden');
      assert.equal(e.room, room);
      assert.equal(e.op, 'pub');
      return true;
    });
    const marker = await rw.room.publish('marker');
    await until(() => rr.messages.length >= 1 && rw.messages.length >= 1, { what: 'the marker' });
    await sleep(200);
    for (const r of [rr, rw]) {
      assert.deepEqual(payloads(r.messages), ['marker']);
      assert.deepEqual(seqs(r.messages), [marker.seq]);
    }
    assert.equal(reader.client.connId, connId, 'the refusal did not cost the connection');
    assert.equal(reader.sockets.length, 1);
  } finally {
    closeAll(reader, writer);
  }
});

test('resume after the socket is killed while another client publishes: nothing lost, nothing twice', LIMIT, async () => {
  const room = `chat:${uniq('sdk-resume')}`;
  let reader;
  let writer;
  try {
    reader = await connected(uniq('reader'));
    writer = await connected(uniq('writer'));
    const rr = await joinCollecting(reader.client, room);

    const acks = [];
    for (let i = 1; i <= 36; i++) {
      acks.push(writer.client.publish(room, { n: i }));
      if (i === 10 || i === 24) reader.sockets.at(-1).terminate();
      await sleep(40);
    }
    const done = await Promise.all(acks);
    const last = done.at(-1).seq;
    await until(() => rr.room.position?.seq === last, { what: `the reader at seq ${last}` });
    await sleep(300);

    assert.deepEqual(seqs(rr.messages), done.map((x) => x.seq));
    assert.deepEqual(payloads(rr.messages), done.map((_, i) => ({ n: i + 1 })));
    assert.equal(reader.sockets.length, 3, 'the reader connected three times');
    assert.deepEqual(rr.joins.map((j) => [j.resumed, j.recovered]), [[false, true], [true, true], [true, true]]);
    const joinsSent = reader.sent.filter((f) => f.op === 'join');
    assert.equal(joinsSent.length, 3);
    assert.equal(joinsSent[0].since, undefined);
    assert.equal(joinsSent[1].since.epoch, rr.joins[0].epoch);
    assert.ok(joinsSent[1].since.seq >= rr.joins[0].seq && joinsSent[1].since.seq < last);
  } finally {
    closeAll(reader, writer);
  }
});

test('publishes whose acks were lost are sent again with the same id after the reconnect and delivered once', LIMIT, async () => {
  const room = `chat:${uniq('sdk-resend')}`;
  const proxy = await tcpProxy();
  let sender;
  let observer;
  try {
    observer = await connected(uniq('observer'));
    const ro = await joinCollecting(observer.client, room);
    sender = sdkClient({ token: await devToken({ sub: uniq('sender'), rooms: RW }), url: `${proxy.base}/ws` });
    await sender.client.connect();

    // The server gets the publishes, but its answers (the acks) never come back over this connection.
    proxy.stall('down');
    const acks = [1, 2, 3, 4, 5].map((n) => sender.client.publish(room, { n }));
    await until(() => ro.messages.length === 5, { what: 'the observer to receive 5' });
    assert.equal(sender.client.pending, 5, 'nothing acknowledged yet');
    proxy.cut();
    proxy.resume();

    const done = await Promise.all(acks);
    await sleep(500);
    assert.equal(sender.sockets.length, 2);
    assert.deepEqual(done.map((x) => x.seq), seqs(ro.messages), 'the acks carry the first seq of each message');
    assert.deepEqual(payloads(ro.messages), [1, 2, 3, 4, 5].map((n) => ({ n })));
    const pubIds = sender.sent.filter((f) => f.op === 'pub').map((f) => f.id);
    assert.equal(pubIds.length, 10, 'each publish was sent twice');
    assert.deepEqual(pubIds.slice(5), pubIds.slice(0, 5), 'with the same ids, in order');
    assert.deepEqual(done.map((x) => x.id), pubIds.slice(0, 5));
  } finally {
    closeAll(sender, observer);
    await proxy.close();
  }
});

test('recovered:false after more than the kept history was published while disconnected; no partial replay', LIMIT, async () => {
  const room = `chat:${uniq('sdk-trim')}`;
  const proxy = await tcpProxy();
  let reader;
  let writer;
  try {
    writer = await connected(uniq('writer'));
    reader = sdkClient({ token: await devToken({ sub: uniq('reader'), rooms: RW }), url: `${proxy.base}/ws` });
    await reader.client.connect();
    const rr = await joinCollecting(reader.client, room);
    for (let i = 1; i <= 3; i++) await writer.client.publish(room, i);
    await until(() => rr.messages.length === 3, { what: 'the first 3' });

    proxy.down();
    await until(() => reader.client.state !== 'open', { what: 'the reader to notice' });
    let last;
    for (let i = 4; i <= 63; i++) {
      last = await writer.client.publish(room, i); // awaited: 60 publishes stay within the connection's rate
      await sleep(30);
    }
    proxy.up();
    await until(() => rr.joins.length === 2, { what: 'the rejoin' });
    const after = await writer.client.publish(room, 'after');
    await until(() => rr.messages.length === 4, { what: 'the live message after the rejoin' });
    await sleep(300);

    assert.deepEqual(rr.joins.map((j) => [j.resumed, j.recovered]), [[false, true], [true, false]]);
    assert.equal(rr.joins[1].seq, last.seq, 'the rejoin reports the current position');
    assert.equal(rr.joins[1].epoch, rr.joins[0].epoch);
    assert.deepEqual(payloads(rr.messages), [1, 2, 3, 'after']);
    assert.equal(rr.messages[3].seq, after.seq);
    const resumeJoin = reader.sent.filter((f) => f.op === 'join')[1];
    assert.deepEqual(resumeJoin.since, { epoch: rr.joins[0].epoch, seq: rr.messages[2].seq });
  } finally {
    closeAll(reader, writer);
    await proxy.close();
  }
});

test('a short-lived token is refreshed through the callback before it expires; the connection lives on', LIMIT, async () => {
  const sub = uniq('refresher');
  const room = `chat:${uniq('sdk-refresh')}`;
  const issued = [];
  const token = async () => {
    const t = await devToken({ sub, rooms: RW, ttl: 3 });
    issued.push(t);
    return t;
  };
  const c = sdkClient({ token });
  const refreshed = [];
  const closes = [];
  const errors = [];
  c.client.on('refreshed', (r) => refreshed.push(r.expiresAt));
  c.client.on('close', (e) => closes.push(e));
  c.client.on('error', (e) => errors.push(e.code));
  try {
    await c.client.connect();
    const firstExpiry = c.client.expiresAt;
    const connId = c.client.connId;
    assert.ok(firstExpiry > Date.now() && firstExpiry <= Date.now() + 3500, `expiresAt ${firstExpiry}`);
    const r = await joinCollecting(c.client, room);

    // 3 s tokens, 3 s grace: without refreshes the server closes the connection after about 6 s.
    const acks = [];
    for (let i = 0; i < 9; i++) {
      await sleep(1000);
      acks.push(await r.room.publish(i));
    }
    assert.deepEqual(closes, []);
    assert.deepEqual(errors, [], 'refreshed before the server saw the token expire');
    assert.equal(c.sockets.length, 1);
    assert.equal(c.client.connId, connId);
    assert.ok(refreshed.length >= 3, `refreshed ${refreshed.length} times`);
    assertIncreasing(refreshed, 'expiresAt');
    assert.ok(c.client.expiresAt > firstExpiry + 6000);
    const refreshes = c.sent.filter((f) => f.op === 'refresh').map((f) => f.token);
    assert.deepEqual(refreshes, issued.slice(1), 'each refresh sent a token fresh from the callback');
    assertIncreasing(acks.map((a) => a.seq), 'acks');
    assert.equal(r.messages.length, 9);
  } finally {
    c.client.close();
  }
});

test('token-expired from the server (the proactive refresh failed) is answered with a refresh; refused work is redone', LIMIT, async () => {
  const sub = uniq('late');
  const room = `chat:${uniq('sdk-expired')}`;
  let calls = 0;
  const token = async () => {
    calls++;
    if (calls === 2) throw new Error('identity provider unavailable');
    return devToken({ sub, rooms: RW, ttl: 3 });
  };
  const c = sdkClient({ token });
  const errors = [];
  const closes = [];
  let duringGrace = null;
  try {
    await c.client.connect();
    const r = await joinCollecting(c.client, room);
    c.client.on('close', (e) => closes.push(e));
    c.client.on('error', (e) => {
      errors.push(e.code);
      if (e.code === 'token-expired' && !duringGrace) duringGrace = r.room.publish('during grace');
    });
    await until(() => duringGrace !== null, { timeout: 8000, what: 'token-expired' });
    const ack = await duringGrace;
    assert.equal(typeof ack.seq, 'number');
    await until(() => r.messages.length === 1, { what: 'the message published in the grace period' });
    await sleep(4000); // past the grace period of the expired token
    const later = await r.room.publish('later');
    assert.ok(later.seq > ack.seq);

    assert.deepEqual(errors.slice(0, 2), ['token', 'token-expired']);
    assert.deepEqual(closes, []);
    assert.equal(c.sockets.length, 1);
    assert.ok(calls >= 3);
    const pubs = c.sent.filter((f) => f.op === 'pub' && f.payload === 'during grace');
    assert.ok(pubs.length >= 1 && pubs.every((p) => p.id === pubs[0].id));
  } finally {
    c.client.close();
  }
});

test('backpressure on a stuck socket: queued locally, droppable dropped oldest first, others refused when full', LIMIT, async () => {
  const room = `chat:${uniq('sdk-bp')}`;
  const proxy = await tcpProxy();
  const highWaterMark = 64 * 1024;
  let sender;
  let observer;
  try {
    observer = await connected(uniq('observer'));
    const ro = await joinCollecting(observer.client, room);
    sender = sdkClient({
      token: await devToken({ sub: uniq('sender'), rooms: RW }), url: `${proxy.base}/ws`, highWaterMark, maxQueued: 4,
    });
    await sender.client.connect();

    // The network stops taking data: fill the kernel buffers with padded pings (not rate-limited) until the
    // WebSocket itself has more than the high-water mark waiting.
    proxy.stall('up');
    const ws = sender.sockets[0];
    for (let i = 0; ws.bufferedAmount <= highWaterMark; i++) {
      assert.ok(i < 500, 'the socket never backed up');
      ws.send(JSON.stringify({ op: 'ping', ref: `fill-${i}`, pad: 'x'.repeat(60000) }));
      await sleep(1);
    }

    const settled = [];
    const pub = (payload, droppable) => {
      const p = sender.client.publish(room, payload, { droppable });
      p.then((r) => settled.push([payload, r.dropped ? 'dropped' : 'acked']), (e) => settled.push([payload, e.code]));
      return p;
    };
    const all = [
      pub('d1', true), pub('d2', true), pub('d3', true), pub('n1', false), // the queue is full now
      pub('d4', true), // drops d1
      pub('n2', false), // drops d2
      pub('n3', false), // drops d3
      pub('d5', true), // drops d4
      pub('n4', false), // drops d5
      pub('d6', true), // nothing droppable is queued: dropped itself
      pub('n5', false), // refused
    ];
    await sleep(50);
    assert.equal(sender.client.queued, 4);
    assert.ok(ws.bufferedAmount > highWaterMark);
    assert.deepEqual(settled, [['d1', 'dropped'], ['d2', 'dropped'], ['d3', 'dropped'], ['d4', 'dropped'],
      ['d5', 'dropped'], ['d6', 'dropped'], ['n5', 'backpressure']]);
    await assert.rejects(all[10], (e) => e.code === 'backpressure' && e.room === room && /queue is full/.test(e.message));

    proxy.resume();
    const results = await Promise.allSettled(all);
    await until(() => ro.messages.length >= 4, { what: 'the queued messages' });
    await sleep(300);
    assert.deepEqual(payloads(ro.messages), ['n1', 'n2', 'n3', 'n4']);
    assert.deepEqual(settled.slice(7), [['n1', 'acked'], ['n2', 'acked'], ['n3', 'acked'], ['n4', 'acked']]);
    const acked = results.filter((r) => r.status === 'fulfilled' && !r.value.dropped).map((r) => r.value.seq);
    assert.deepEqual(acked, seqs(ro.messages));
    assert.equal(sender.sockets.length, 1);
    assert.equal(results[0].value.dropped, true);
    assert.equal(results[0].value.room, room);
    assert.ok(!sender.sent.some((f) => f.op === 'pub' && /^d\d$/.test(f.payload)), 'dropped ones were never sent');
  } finally {
    closeAll(sender, observer);
    await proxy.close();
  }
});
