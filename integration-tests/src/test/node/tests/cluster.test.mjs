// Two nodes sharing one broker (docs/clustering.md): room traffic published on one node reaches the subscribers of
// the other in order, with one global seq per room, and a client resumes on the other node with nothing lost and
// nothing twice. Needs a second node: AQUEDUCT_IT_BASE_B (skipped without it). With AQUEDUCT_IT_PID_A (the process
// id of node A's JVM) the last test kills node A with SIGKILL and resumes its client on node B; node A stays down.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from '../lib/aqueduct.mjs';
import { connect, uniq } from '../lib/ws-client.mjs';
import { openEvents } from '../lib/sse-client.mjs';

const BASE_A = BASE;
const BASE_B = process.env.AQUEDUCT_IT_BASE_B;
const PID_A = process.env.AQUEDUCT_IT_PID_A;
const skip = BASE_B ? false : 'needs a second node sharing the broker: set AQUEDUCT_IT_BASE_B';

// Each node's development issuer has its own key, so a token is minted by the node it is used on.
async function token(base, sub, rooms = { '*': 'rwp' }) {
  const r = await fetch(`${base}/dev/token`, { method: 'POST', body: JSON.stringify({ sub, rooms }) });
  if (!r.ok) throw new Error(`dev token refused by ${base}: ${r.status} ${await r.text()}`);
  return (await r.json()).access_token;
}

async function publishTo(base, tok, room, data) {
  const r = await fetch(`${base}/api/v1/rooms/${encodeURIComponent(room)}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'cluster.test', data }),
  });
  if (!r.ok) throw new Error(`publish on ${base} refused: ${r.status} ${await r.text()}`);
  return r.json();
}

async function busClient(base, sub) {
  const c = await connect({ url: `${base.replace(/^http/, 'ws')}/ws` });
  await c.hello({ token: await token(base, sub) });
  return c;
}

const streams = [];
const sockets = [];
after(() => {
  streams.forEach((s) => s.close());
  sockets.forEach((c) => c.terminate());
});

describe('two nodes, one broker', { skip }, () => {
  test('both nodes report the broker as ready', async () => {
    assert.notEqual(new URL(BASE_A).origin, new URL(BASE_B).origin, 'two different nodes');
    for (const base of [BASE_A, BASE_B]) {
      const health = await (await fetch(`${base}/health/ready`)).json();
      const data = Object.assign({}, ...health.checks.map((c) => c.data ?? {}));
      const broker = Object.keys(data).filter((k) => k.startsWith('cluster-'));
      assert.ok(broker.length > 0, `${base} runs a cluster plugin: ${JSON.stringify(data)}`);
      for (const k of broker) assert.equal(data[k], 'UP', `${base} ${k}`);
    }
  });

  test('SSE: events published on A and on B reach both nodes in one order with one seq per room', async () => {
    const room = `chat:${uniq('cluster-sse')}`;
    const sub = uniq('u');
    const [ta, tb] = [await token(BASE_A, sub), await token(BASE_B, sub)];
    const onA = await openEvents(BASE_A, ta, [room]);
    const onB = await openEvents(BASE_B, tb, [room]);
    streams.push(onA, onB);
    await onA.waitFor((s) => s.events.some((e) => e.event === 'subscribed'), { what: 'subscribed on A' });
    await onB.waitFor((s) => s.events.some((e) => e.event === 'subscribed'), { what: 'subscribed on B' });
    const acks = [];
    for (let i = 0; i < 20; i++) acks.push(await publishTo(i % 2 ? BASE_B : BASE_A, i % 2 ? tb : ta, room, { i }));
    assert.deepEqual(acks.map((a) => a.seq), Array.from({ length: 20 }, (_, i) => i + 1), 'seq is global');
    for (const [name, s] of [['A', onA], ['B', onB]]) {
      await s.waitFor((x) => x.messages.length >= 20, { what: `20 messages on ${name}` });
      assert.deepEqual(s.messages.map((m) => m.payload.i), Array.from({ length: 20 }, (_, i) => i), `order on ${name}`);
      assert.deepEqual(s.messages.map((m) => m.seq), acks.map((a) => a.seq));
      assert.deepEqual(s.messages.map((m) => m.id), acks.map((a) => a.id));
    }
  });

  test('concurrent publishers on both nodes: every subscriber sees the seq order, nothing lost', async () => {
    const room = `chat:${uniq('cluster-race')}`;
    const subs = [uniq('u'), uniq('u')];
    const readers = [];
    for (const base of [BASE_A, BASE_B]) {
      const s = await openEvents(base, await token(base, uniq('reader')), [room]);
      streams.push(s);
      await s.waitFor((x) => x.events.some((e) => e.event === 'subscribed'), { what: `subscribed on ${base}` });
      readers.push(s);
    }
    const writers = await Promise.all([BASE_A, BASE_B].map(async (base, w) => ({ base, tok: await token(base, subs[w]) })));
    // two publishers per node, each sending one after the other, all four at the same time
    const sent = await Promise.all([0, 1, 2, 3].map(async (k) => {
      const { base, tok } = writers[k % 2];
      const acks = [];
      for (let i = 0; i < 10; i++) acks.push(await publishTo(base, tok, room, { k, i }));
      return acks;
    }));
    const all = sent.flat().sort((x, y) => x.seq - y.seq);
    assert.deepEqual(all.map((a) => a.seq), Array.from({ length: 40 }, (_, i) => i + 1));
    for (const s of readers) {
      await s.waitFor((x) => x.messages.length >= 40, { what: '40 messages' });
      assert.deepEqual(s.messages.map((m) => m.seq), all.map((a) => a.seq), 'in seq order');
      assert.deepEqual(s.messages.map((m) => m.id), all.map((a) => a.id));
    }
  });

  test('room bus: pub on one node reaches members on the other, in order, acked seqs match', async () => {
    const room = `chat:${uniq('cluster-ws')}`;
    const alice = await busClient(BASE_A, uniq('alice'));
    const bob = await busClient(BASE_B, uniq('bob'));
    sockets.push(alice, bob);
    const ja = await alice.join(room);
    const jb = await bob.join(room);
    assert.equal(ja.epoch, jb.epoch, 'one epoch for the room on both nodes');
    const acked = [];
    for (let i = 0; i < 10; i++) acked.push(await alice.pub(room, `a${i}`, { n: i }));
    for (let i = 10; i < 20; i++) acked.push(await bob.pub(room, `b${i}`, { n: i }));
    const isMsg = (m) => m.op === 'msg' && m.room === room;
    for (const [name, c] of [['alice on A', alice], ['bob on B', bob]]) {
      const got = await c.take(20, isMsg, { timeout: 15000, what: `messages for ${name}` });
      assert.deepEqual(got.map((m) => m.payload.n), Array.from({ length: 20 }, (_, i) => i), name);
      assert.deepEqual(got.map((m) => m.seq), acked.map((a) => a.seq), `${name}: the acked seqs`);
      assert.deepEqual(got.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => ja.seq + i + 1));
    }
  });

  test('SSE: a client resumes on the other node with exactly what it missed', async () => {
    const room = `chat:${uniq('cluster-resume')}`;
    const sub = uniq('u');
    const [ta, tb] = [await token(BASE_A, sub), await token(BASE_B, sub)];
    const first = await openEvents(BASE_A, ta, [room]);
    streams.push(first);
    await first.waitFor((s) => s.events.some((e) => e.event === 'subscribed'), { what: 'subscribed' });
    for (let i = 0; i < 5; i++) await publishTo(BASE_A, ta, room, { i });
    await first.waitFor((s) => s.messages.length === 5, { what: 'five messages' });
    const cursor = first.lastEventId;
    first.close();
    const missed = [];
    for (let i = 5; i < 12; i++) missed.push(await publishTo(i % 2 ? BASE_A : BASE_B, i % 2 ? ta : tb, room, { i }));
    const resumed = await openEvents(BASE_B, tb, [room], { lastEventId: cursor });
    streams.push(resumed);
    await resumed.waitFor((s) => s.events.some((e) => e.event === 'subscribed'), { what: 'subscribed on B' });
    assert.ok(!resumed.events.some((e) => e.event === 'not-recovered'), 'history is shared: recovered');
    const subscribed = resumed.events.find((e) => e.event === 'subscribed').data;
    assert.deepEqual(subscribed.rooms.map((r) => [r.resumed, r.recovered, r.seq]), [[true, true, 12]]);
    assert.deepEqual(resumed.messages.map((m) => m.payload.i), [5, 6, 7, 8, 9, 10, 11], 'nothing lost, nothing twice');
    assert.deepEqual(resumed.messages.map((m) => m.id), missed.map((a) => a.id));
    await publishTo(BASE_A, ta, room, { i: 12 });
    await resumed.waitFor((s) => s.messages.length === 8, { what: 'the live message after the resume' });
    assert.equal(resumed.messages.at(-1).seq, 13);
  });

  test('room bus: join with since on the other node replays exactly the missed messages', async () => {
    const room = `chat:${uniq('cluster-since')}`;
    const sub = uniq('carol');
    const onA = await busClient(BASE_A, sub);
    sockets.push(onA);
    const joined = await onA.join(room);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await onA.pub(room, `s${i}`, { n: i }));
    await onA.take(3, (m) => m.op === 'msg' && m.room === room);
    onA.terminate();
    const other = await busClient(BASE_A, uniq('dave'));
    sockets.push(other);
    await other.join(room);
    const missed = [];
    for (let i = 3; i < 7; i++) missed.push(await other.pub(room, `m${i}`, { n: i }));
    const onB = await busClient(BASE_B, sub);
    sockets.push(onB);
    const resumed = await onB.join(room, { epoch: joined.epoch, seq: seen.at(-1).seq });
    assert.equal(resumed.recovered, true);
    const replay = await onB.take(4, (m) => m.op === 'msg' && m.room === room);
    assert.deepEqual(replay.map((m) => m.payload.n), [3, 4, 5, 6]);
    assert.deepEqual(replay.map((m) => m.seq), missed.map((a) => a.seq));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(onB.all((m) => m.op === 'msg' && m.room === room).length, 4, 'nothing twice');
  });

  test('a client whose node is killed (SIGKILL) resumes on the other node', { skip: PID_A ? false : 'set AQUEDUCT_IT_PID_A to let the test kill node A' }, async () => {
    const room = `chat:${uniq('cluster-kill')}`;
    const sub = uniq('u');
    const [ta, tb] = [await token(BASE_A, sub), await token(BASE_B, sub)];
    const onA = await openEvents(BASE_A, ta, [room]);
    streams.push(onA);
    await onA.waitFor((s) => s.events.some((e) => e.event === 'subscribed'), { what: 'subscribed' });
    for (let i = 0; i < 4; i++) await publishTo(BASE_A, ta, room, { i });
    await onA.waitFor((s) => s.messages.length === 4, { what: 'four messages' });
    process.kill(Number(PID_A), 'SIGKILL');
    await onA.waitFor((s) => s.ended, { what: 'the stream of the killed node to end' });
    const cursor = onA.lastEventId;
    const afterKill = [];
    for (let i = 4; i < 9; i++) afterKill.push(await publishTo(BASE_B, tb, room, { i }));
    const resumed = await openEvents(BASE_B, tb, [room], { lastEventId: cursor });
    streams.push(resumed);
    await resumed.waitFor((s) => s.events.some((e) => e.event === 'subscribed'), { what: 'subscribed on B' });
    assert.ok(!resumed.events.some((e) => e.event === 'not-recovered'));
    assert.deepEqual(resumed.messages.map((m) => m.payload.i), [4, 5, 6, 7, 8]);
    assert.deepEqual(resumed.messages.map((m) => m.id), afterKill.map((a) => a.id));
  });
});
