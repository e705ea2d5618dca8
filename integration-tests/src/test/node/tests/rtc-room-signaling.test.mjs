// Room signaling on the room bus (WS /ws, op signal) between SDK clients (clients/js/aqueduct.js): offers, answers,
// candidates and renegotiation reach one connection of the room with the sender stamped by the server; a target
// without SIGNAL, a peer outside the room, a spoofed sender and the mesh limit; ICE servers in `joined`. The test
// server runs with aqueduct.rtc.max-mesh-peers=3 and aqueduct.ws.signal-timeout=2s (integration-tests/pom.xml).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { devToken, metricValue, sdkClient, until } from '../lib/aqueduct.mjs';
import { uniq } from '../lib/ws-client.mjs';

const LIMIT = { timeout: 60000 };
const MAX_MESH_PEERS = 3;

// A connected SDK client joined to `room`, collecting the signals it receives; presence makes it visible to others.
async function peer(room, grants = 'rwps', { rtc = true, presence = true } = {}) {
  const sub = uniq('peer');
  const c = sdkClient({ token: await devToken({ sub, rooms: { 'call:*': grants, 'chat:*': 'rwps' } }) });
  await c.client.connect();
  const signals = [];
  const joins = [];
  const r = await c.client.join(room, { rtc, onSignal: (s) => signals.push(s), onJoined: (j) => joins.push(j) });
  if (presence) r.setPresence({ inCall: true });
  return { sub, client: c.client, sockets: c.sockets, room: r, signals, joins, connId: c.client.connId };
}

const closeAll = (...peers) => peers.forEach((p) => p?.client.close());
const rejection = async (promise) => {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a refusal');
};

test('offer, answer, candidates and renegotiate reach the one addressed connection, in order, stamped with the sender', LIMIT, async () => {
  const room = `call:${uniq('pair')}`;
  let alice; let bob; let bystander;
  try {
    alice = await peer(room);
    bob = await peer(room);
    bystander = await peer(room);
    await until(() => alice.room.members.has(bob.connId), { what: "bob in alice's presence" });

    const offer = { type: 'offer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n' };
    assert.deepEqual(await alice.room.signal(bob.connId, 'offer', offer), { room, to: bob.connId, kind: 'offer' });
    const candidates = [1, 2, 3].map((i) => ({ candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 5000${i} typ host`,
      sdpMid: '0', sdpMLineIndex: 0 }));
    await Promise.all(candidates.map((c) => alice.room.signal(bob.connId, 'candidate', c)));
    await until(() => bob.signals.length === 4, { what: "bob's signals" });
    assert.deepEqual(bob.signals.map((s) => [s.kind, s.from, s.fromConn, s.room]),
      [['offer', alice.sub, alice.connId, room], ...candidates.map(() => ['candidate', alice.sub, alice.connId, room])]);
    assert.deepEqual(bob.signals.map((s) => s.data), [offer, ...candidates]);

    // the answer goes back to the connection the offer came from
    const answer = { type: 'answer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
    await bob.room.signal(bob.signals[0].fromConn, 'answer', answer);
    await bob.room.signal(bob.signals[0].fromConn, 'renegotiate');
    await until(() => alice.signals.length === 2, { what: "alice's signals" });
    assert.deepEqual(alice.signals.map((s) => [s.kind, s.from, s.fromConn, s.data]),
      [['answer', bob.sub, bob.connId, answer], ['renegotiate', bob.sub, bob.connId, undefined]]);

    await sleep(200);
    assert.deepEqual(bystander.signals, [], 'signals go to one connection only');
  } finally {
    closeAll(alice, bob, bystander);
  }
});

test('a spoofed sender: from and fromConn in the message are replaced by the real sender', LIMIT, async () => {
  const room = `call:${uniq('spoof')}`;
  let alice; let bob; let mallory;
  try {
    alice = await peer(room);
    bob = await peer(room);
    mallory = await peer(room);
    const socket = mallory.sockets.at(-1);
    socket.send(JSON.stringify({ op: 'signal', ref: 'spoof', room, to: bob.connId, kind: 'offer', from: alice.sub,
      fromConn: alice.connId, data: { type: 'offer', sdp: 'v=0\r\n' } }));
    await until(() => bob.signals.length === 1, { what: 'the spoofed offer' });
    assert.equal(bob.signals[0].from, mallory.sub);
    assert.equal(bob.signals[0].fromConn, mallory.connId);
    assert.deepEqual(alice.signals, []);
  } finally {
    closeAll(alice, bob, mallory);
  }
});

test('both sides must SIGNAL: a target without it is refused (target-forbidden), a sender without it too', LIMIT, async () => {
  const room = `call:${uniq('forbidden')}`;
  let alice; let carol;
  try {
    alice = await peer(room);
    carol = await peer(room, 'rwp');
    const refused = await rejection(alice.room.signal(carol.connId, 'offer', { type: 'offer', sdp: 'v=0\r\n' }));
    assert.equal(refused.code, 'target-forbidden');
    assert.equal(refused.room, room);
    const own = await rejection(carol.room.signal(alice.connId, 'offer', { type: 'offer', sdp: 'v=0\r\n' }));
    assert.equal(own.code, 'forbidden');
    assert.match(own.message, /SIGNAL/);
    await sleep(200);
    assert.deepEqual(carol.signals, []);
    assert.deepEqual(alice.signals, []);
    // and no ICE servers for a room without SIGNAL
    assert.equal(carol.joins[0].rtc, undefined);
  } finally {
    closeAll(alice, carol);
  }
});

test('peers not in the room: another room, a gone connection, an id no node knows; and a sender not joined', LIMIT, async () => {
  const room = `call:${uniq('absent')}`;
  let alice; let dave; let erin;
  try {
    alice = await peer(room);
    dave = await peer(`call:${uniq('other')}`);
    erin = await peer(room);
    const erinConn = erin.connId;
    erin.client.close();
    const offer = { type: 'offer', sdp: 'v=0\r\n' };
    assert.equal((await rejection(alice.room.signal(dave.connId, 'offer', offer))).code, 'not-in-room');
    await until(async () => (await rejection(alice.room.signal(erinConn, 'candidate', {}))).code === 'not-in-room',
      { what: 'the closed connection gone' });
    const started = Date.now();
    assert.equal((await rejection(alice.room.signal('no-such-node-1', 'offer', offer))).code, 'peer-unreachable');
    assert.ok(Date.now() - started >= 1500, 'refused after the signal timeout');

    const raw = alice.sockets.at(-1);
    const errors = [];
    raw.on('message', (d) => {
      const m = JSON.parse(d);
      for (const x of Array.isArray(m) ? m : [m]) if (x.op === 'error' && x.ref === 'not-joined') errors.push(x);
    });
    raw.send(JSON.stringify({ op: 'signal', ref: 'not-joined', room: `call:${uniq('elsewhere')}`, to: dave.connId,
      kind: 'offer', data: offer }));
    await until(() => errors.length === 1, { what: 'not-joined' });
    assert.equal(errors[0].code, 'not-joined');
    assert.equal(errors[0].refused, 'signal');
    assert.deepEqual(dave.signals, []);
  } finally {
    closeAll(alice, dave, erin);
  }
});

test(`the mesh limit (${MAX_MESH_PEERS} peers): one more peer's offer is refused with mesh-full until a peer leaves`, LIMIT, async () => {
  const room = `call:${uniq('mesh')}`;
  const peers = [];
  try {
    for (let i = 0; i <= MAX_MESH_PEERS; i++) peers.push(await peer(room));
    const [first, ...others] = peers;
    const offer = { type: 'offer', sdp: 'v=0\r\n' };
    for (const p of others.slice(0, MAX_MESH_PEERS - 1)) await p.room.signal(first.connId, 'offer', offer);
    const late = peers[MAX_MESH_PEERS];
    const full = await rejection(late.room.signal(first.connId, 'offer', offer));
    assert.equal(full.code, 'mesh-full');
    assert.match(full.message, /SFU/);
    // offers between peers already in the mesh still pass; an offer to the late one would add it
    await peers[1].room.signal(peers[2].connId, 'offer', offer);
    assert.equal((await rejection(first.room.signal(late.connId, 'offer', offer))).code, 'mesh-full');
    assert.equal(first.signals.length, MAX_MESH_PEERS - 1);
    assert.deepEqual(late.signals, []);

    // a peer that leaves the room frees its place
    await peers[1].room.leave();
    await late.room.signal(first.connId, 'offer', offer);
    await until(() => first.signals.some((s) => s.fromConn === late.connId), { what: 'the late offer' });
  } finally {
    closeAll(...peers);
  }
});

test('ICE servers: in joined with rtc: true (the REST endpoint\'s answer), and on request with iceServers()', LIMIT, async () => {
  const room = `call:${uniq('ice')}`;
  let alice; let bob;
  try {
    alice = await peer(room);
    const { rtc } = alice.joins[0];
    assert.equal(rtc.ttl, 600);
    const [stun, turn] = rtc.iceServers;
    assert.deepEqual(stun, { urls: ['stun:127.0.0.1:3478'] });
    assert.ok(turn.username.endsWith(`:${alice.sub}`), turn.username);
    assert.equal(turn.credential, createHmac('sha1', 'it-turn-secret').update(turn.username).digest('base64'));
    assert.deepEqual(await alice.room.iceServers(), rtc, 'fresh ones from joined are reused');

    bob = await peer(room, 'rwps', { rtc: false });
    assert.equal(bob.joins[0].rtc, undefined);
    const asked = await bob.room.iceServers();
    assert.equal(asked.ttl, 600);
    assert.ok(asked.iceServers[1].username.endsWith(`:${bob.sub}`));
  } finally {
    closeAll(alice, bob);
  }
});

test('metrics: relayed signals by kind and refused ones by reason, at /metrics', LIMIT, async () => {
  const room = `call:${uniq('metrics')}`;
  const relayed = (kind) => metricValue('aqueduct_rtc_signals_total', { transport: 'ws', kind });
  const refused = (reason) => metricValue('aqueduct_rtc_signals_refused_total', { transport: 'ws', reason });
  const kinds = ['offer', 'answer', 'candidate', 'renegotiate'];
  const reasons = ['target-forbidden', 'not-in-room', 'forbidden'];
  let alice; let bob; let carol;
  try {
    alice = await peer(room);
    bob = await peer(room);
    carol = await peer(room, 'rwp');
    const read = async () => ({ relayed: await Promise.all(kinds.map(relayed)),
      refused: await Promise.all(reasons.map(refused)) });
    // the counters are the server's: wait until what earlier tests left in flight has settled
    let before = await read();
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const again = await read();
      if (JSON.stringify(again) === JSON.stringify(before)) break;
      before = again;
    }
    await alice.room.signal(bob.connId, 'offer', { type: 'offer', sdp: 'v=0\r\n' });
    await alice.room.signal(bob.connId, 'candidate', {});
    await alice.room.signal(bob.connId, 'candidate', {});
    await bob.room.signal(alice.connId, 'answer', { type: 'answer', sdp: 'v=0\r\n' });
    await rejection(alice.room.signal(carol.connId, 'offer', {}));
    await rejection(alice.room.signal(`${alice.connId}-gone`, 'candidate', {}));
    await rejection(carol.room.signal(alice.connId, 'offer', {}));
    const after = await read();
    assert.deepEqual(after.relayed.map((v, i) => v - before.relayed[i]), [1, 1, 2, 0]);
    assert.deepEqual(after.refused.map((v, i) => v - before.refused[i]), [1, 1, 1]);
  } finally {
    closeAll(alice, bob, carol);
  }
});
