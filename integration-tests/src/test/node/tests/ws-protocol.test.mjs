// The room bus (WS /ws) against the running server with the npm `ws` client: handshake and tokens, rooms and
// delivery, access control, presence, resume, idempotent publishes, errors and limits, CBOR, batching, origins.
// Timers, slow consumers and rate limits are in ws-protocol-timers.test.mjs and ws-protocol-load.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, publish } from '../lib/aqueduct.mjs';
import { SERVER, ConnectRefused, scope, sleep, uniq } from '../lib/ws-client.mjs';

const room = (ns = 'chat') => `${ns}:${uniq('r')}`;
const isMsg = (r, pred = () => true) => (m) => m.op === 'msg' && m.room === r && pred(m);
const isError = (code) => (m) => m.op === 'error' && m.code === code;

// Alters the token's payload (the subject) and keeps the old signature.
function tamper(token) {
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims.sub = `${claims.sub}-admin`;
  return [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
}

// Publishes a marker from `publisher` and waits until every client in `clients` has it: everything the server
// would still deliver before it has then arrived.
async function barrier(publisher, r, clients) {
  const id = uniq('marker');
  await publisher.pub(r, id, { marker: id });
  await Promise.all(clients.map((c) => c.next(isMsg(r, (m) => m.payload?.marker === id), { what: `marker ${id}` })));
}

describe('hello and welcome', { concurrency: true }, () => {
  test('welcome carries the documented fields and echoes ref', async (t) => {
    const s = scope(t);
    const u = await s.user({ 'chat:*': 'rwp' }, { ttl: 600 });
    const c = await s.connect({ protocol: 'json' });
    assert.equal(c.ws.protocol, 'aqueduct.v1.json');
    const ref = uniq('hello-ref');
    c.send({ op: 'hello', token: u.token, ref, client: 'protocol-tests' });
    const w = await c.next((m) => m.op === 'welcome');
    assert.equal(w.ref, ref);
    assert.equal(typeof w.connId, 'string');
    assert.ok(w.connId.length > 0);
    assert.equal(w.heartbeatMs, SERVER.heartbeatMs);
    assert.equal(w.maxMessageBytes, SERVER.maxMessageBytes);
    assert.equal(w.expiresAt, u.expiresAt, 'expiresAt is the token exp in ms');
    assert.equal(w.batch, false);

    const c2 = await s.open(u);
    assert.notEqual(c2.welcome.connId, w.connId, 'every connection has its own connId');
  });

  test('a numeric ref is echoed as the same number', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const c = await s.connect();
    c.send({ op: 'hello', token: u.token, ref: 4711 });
    assert.equal((await c.next((m) => m.op === 'welcome')).ref, 4711);
    c.send({ op: 'ping', ref: 42 });
    const pong = await c.next((m) => m.op === 'pong');
    assert.equal(pong.ref, 42);
  });

  test('app-level ping is answered with pong and the ref', async (t) => {
    const s = scope(t);
    const c = await s.open(await s.user());
    const ref = uniq('ping');
    c.send({ op: 'ping', ref });
    const pong = await c.next((m) => m.op === 'pong');
    assert.equal(pong.ref, ref);
  });

  test('JSON when no subprotocol is asked for', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const c = await s.connect({ protocol: null });
    assert.equal(c.ws.protocol, '');
    await c.hello({ token: u.token });
    assert.equal(c.frames[0].binary, false);
  });

  async function fromOf(c, sub) {
    const r = room();
    await c.join(r);
    const id = uniq('p');
    await c.pub(r, id, { who: sub });
    const m = await c.next(isMsg(r));
    return m.from;
  }

  test('token in the access_token query parameter', async (t) => {
    const s = scope(t);
    const u = await s.user({ 'chat:*': 'rw' });
    const c = await s.connect({ token: u.token });
    await c.hello({});
    assert.equal(await fromOf(c, u.sub), u.sub);
  });

  test('token in the access_token cookie', async (t) => {
    const s = scope(t);
    const u = await s.user({ 'chat:*': 'rw' });
    const c = await s.connect({ cookie: u.token });
    await c.hello({});
    assert.equal(await fromOf(c, u.sub), u.sub);
  });

  test('token in the Authorization header', async (t) => {
    const s = scope(t);
    const u = await s.user({ 'chat:*': 'rw' });
    const c = await s.connect({ bearer: u.token });
    await c.hello({});
    assert.equal(await fromOf(c, u.sub), u.sub);
  });

  test('the token of hello wins over the query parameter', async (t) => {
    const s = scope(t);
    const a = await s.user({ 'chat:*': 'rw' });
    const b = await s.user({ 'chat:*': 'rw' });
    const c = await s.connect({ token: a.token });
    await c.hello({ token: b.token });
    assert.equal(await fromOf(c, b.sub), b.sub);
  });

  for (const [name, make] of [
    ['missing', async () => undefined],
    ['not a JWT', async () => 'not-a-jwt'],
    ['tampered (payload changed, signature kept)', async (s) => tamper((await s.user()).token)],
  ]) {
    test(`a ${name} token: error answering hello, then close 4401`, async (t) => {
      const s = scope(t);
      const token = await make(s);
      const c = await s.connect();
      const ref = uniq('bad-hello');
      c.send(token === undefined ? { op: 'hello', ref } : { op: 'hello', token, ref });
      const err = await c.next((m) => m.ref === ref);
      assert.equal(err.op, 'error', `hello with a ${name} token must not be welcomed: ${JSON.stringify(err)}`);
      assert.equal(typeof err.code, 'string');
      assert.equal(typeof err.message, 'string');
      const { code } = await c.waitClose(3000);
      assert.equal(code, 4401);
    });
  }

  test('an invalid token in the query parameter is not welcomed', async (t) => {
    const s = scope(t);
    const u = await s.user();
    let c;
    try {
      c = await s.connect({ token: tamper(u.token) });
    } catch (e) {
      // refusing the upgrade is an acceptable alternative only if it is a 401
      assert.ok(e instanceof ConnectRefused, e.message);
      assert.equal(e.statusCode, 401);
      return;
    }
    c.send({ op: 'hello', ref: 'h' });
    const answer = await c.next((m) => m.ref === 'h');
    assert.equal(answer.op, 'error', JSON.stringify(answer));
    assert.equal((await c.waitClose(3000)).code, 4401);
  });

  test('messages before hello are answered hello-required; hello still works afterwards', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const c = await s.connect();
    const r = room();
    for (const [i, m] of [{ op: 'join', room: r }, { op: 'pub', room: r, id: 'x', payload: 1 }, { op: 'ping' }].entries()) {
      c.send({ ...m, ref: `before-${i}` });
      const err = await c.next((x) => x.ref === `before-${i}`);
      assert.equal(err.op, 'error', JSON.stringify(err));
      assert.equal(err.code, 'hello-required', JSON.stringify(err));
    }
    const w = await c.hello({ token: u.token });
    assert.equal(w.op, 'welcome');
    const joined = await c.join(r);
    assert.equal(joined.room, r);
  });

  test('an invalid hello field is invalid-field, and a correct hello then works', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const c = await s.connect();
    const bad = await c.request({ op: 'hello', token: u.token, client: 'c'.repeat(101) });
    assert.equal(bad.op, 'error');
    assert.equal(bad.code, 'invalid-field', JSON.stringify(bad));
    const bad2 = await c.request({ op: 'hello', token: u.token, batch: 'yes' });
    assert.equal(bad2.code, 'invalid-field', JSON.stringify(bad2));
    const w = await c.hello({ token: u.token, client: 'c'.repeat(100) });
    assert.equal(w.op, 'welcome');
  });
});

describe('rooms and delivery', { concurrency: true }, () => {
  test('three clients: join, pub, everyone receives the same msg; the publisher gets a matching ack', async (t) => {
    const s = scope(t);
    const r = room();
    const users = await Promise.all([1, 2, 3].map(() => s.user({ 'chat:*': 'rwp' })));
    const [a, b, c] = await Promise.all(users.map((u) => s.open(u)));
    const joins = [];
    for (const x of [a, b, c]) {
      const ref = uniq('j');
      x.send({ op: 'join', room: r, ref });
      joins.push(await x.next((m) => m.ref === ref));
    }
    for (const j of joins) {
      assert.equal(j.op, 'joined', JSON.stringify(j));
      assert.equal(j.room, r);
      assert.equal(typeof j.epoch, 'string');
      assert.ok(j.epoch.length > 0);
      assert.equal(j.seq, 0, 'a fresh room is at position 0');
      assert.equal(j.resumed, false);
      assert.equal(typeof j.recovered, 'boolean');
    }
    assert.equal(new Set(joins.map((j) => j.epoch)).size, 1, 'one epoch per room');

    const payload = { text: `hello ${uniq()}`, n: 3, list: [1, 'two', null] };
    const pubId = uniq('pub');
    const before = Date.now();
    b.send({ op: 'pub', room: r, id: pubId, type: 'chat.message', payload, ref: 'p1' });
    const got = await Promise.all([a, b, c].map((x) => x.next(isMsg(r))));
    const ack = await b.next((m) => m.ref === 'p1');
    const after = Date.now();
    assert.equal(ack.op, 'ack', JSON.stringify(ack));
    assert.equal(ack.id, pubId);
    assert.equal(ack.room, r);
    for (const m of got) {
      assert.equal(m.room, r);
      assert.equal(m.type, 'chat.message');
      assert.deepEqual(m.payload, payload);
      assert.equal(m.from, users[1].sub);
      assert.equal(m.seq, ack.seq);
      assert.equal(m.seq, joins[0].seq + 1);
      assert.equal(typeof m.id, 'string');
      assert.notEqual(m.id, pubId, 'msg.id is the platform id, not the pub id');
      assert.ok(m.ts >= before - 1000 && m.ts <= after + 1000, `ts ${m.ts} within [${before}, ${after}]`);
    }
    assert.equal(new Set(got.map((m) => m.id)).size, 1, 'the same message id for every receiver');
  });

  test('type defaults to "message"', async (t) => {
    const s = scope(t);
    const r = room();
    const a = await s.open(await s.user({ 'chat:*': 'rw' }));
    await a.join(r);
    await a.pub(r, uniq('p'), 'plain');
    const m = await a.next(isMsg(r));
    assert.equal(m.type, 'message');
    assert.equal(m.payload, 'plain');
  });

  test('a burst: seq strictly increasing and gap-free, in publish order, for every receiver', async (t) => {
    const s = scope(t);
    const r = room();
    const [pu, ...others] = await Promise.all([1, 2, 3].map(() => s.user({ 'chat:*': 'rw' })));
    const p = await s.open(pu);
    const receivers = await Promise.all(others.map((u) => s.open(u)));
    const start = (await Promise.all([p, ...receivers].map((x) => x.join(r))))[0].seq;
    const n = 30;
    for (let i = 0; i < n; i++) p.send({ op: 'pub', room: r, id: `burst-${i}`, payload: { i }, ref: `b${i}` });
    const acks = await p.take(n, (m) => m.op === 'ack' || m.op === 'error');
    assert.deepEqual(acks.map((x) => x.op), Array(n).fill('ack'));
    for (const x of [p, ...receivers]) {
      const msgs = await x.take(n, isMsg(r), { timeout: 10000 });
      assert.deepEqual(msgs.map((m) => m.seq), Array.from({ length: n }, (_, i) => start + 1 + i));
      assert.deepEqual(msgs.map((m) => m.payload.i), Array.from({ length: n }, (_, i) => i));
      assert.equal(new Set(msgs.map((m) => m.id)).size, n, 'distinct platform ids');
    }
    const bySeq = new Map(acks.map((a) => [a.id, a.seq]));
    for (let i = 0; i < n; i++) assert.equal(bySeq.get(`burst-${i}`), start + 1 + i, `ack seq of burst-${i}`);
  });

  test('from is the authenticated subject even when the pub carries a fake from', async (t) => {
    const s = scope(t);
    const r = room();
    const [mu, ou] = await Promise.all([s.user({ 'chat:*': 'rw' }), s.user({ 'chat:*': 'r' })]);
    const mallory = await s.open(mu);
    const observer = await s.open(ou);
    await observer.join(r);
    const ack = await mallory.request({ op: 'pub', room: r, id: uniq('p'), payload: 'hi', from: ou.sub });
    assert.equal(ack.op, 'ack', JSON.stringify(ack));
    const m = await observer.next(isMsg(r));
    assert.equal(m.from, mu.sub);
    assert.notEqual(m.from, ou.sub);
  });

  test('publishing needs WRITE only, not being joined; only joined connections receive', async (t) => {
    const s = scope(t);
    const r = room();
    const [pu, ru] = await Promise.all([s.user({ 'chat:*': 'rw' }), s.user({ 'chat:*': 'r' })]);
    const p = await s.open(pu);
    const reader = await s.open(ru);
    await reader.join(r);
    const ack = await p.pub(r, uniq('p'), { x: 1 });
    const m = await reader.next(isMsg(r));
    assert.equal(m.seq, ack.seq);
    await barrier(p, r, [reader]);
    assert.equal(p.all(isMsg(r)).length, 0, 'the publisher did not join, so it receives nothing');
  });

  test('leave: left with reason leave and ref, then nothing more from the room; join again works', async (t) => {
    const s = scope(t);
    const r = room();
    const [au, bu] = await Promise.all([s.user({ 'chat:*': 'rw' }), s.user({ 'chat:*': 'rw' })]);
    const a = await s.open(au);
    const b = await s.open(bu);
    await a.join(r);
    await b.join(r);
    const left = await a.request({ op: 'leave', room: r, ref: 'bye' });
    assert.deepEqual({ op: left.op, room: left.room, reason: left.reason, ref: left.ref }, { op: 'left', room: r, reason: 'leave', ref: 'bye' });
    const id = uniq('after-leave');
    await b.pub(r, id, { id });
    await b.next(isMsg(r, (m) => m.payload.id === id));
    await sleep(300);
    assert.equal(a.all(isMsg(r)).length, 0);
    await a.join(r);
    await barrier(b, r, [a]);
  });

  test('join twice is already-joined; the first join stays', async (t) => {
    const s = scope(t);
    const r = room();
    const a = await s.open(await s.user({ 'chat:*': 'rw' }));
    await a.join(r);
    const err = await a.request({ op: 'join', room: r });
    assert.equal(err.op, 'error');
    assert.equal(err.code, 'already-joined', JSON.stringify(err));
    assert.equal(err.room, r);
    await a.pub(r, uniq('p'), 1);
    assert.equal((await a.next(isMsg(r))).payload, 1);
  });

  test(`more than 50 rooms is too-many-rooms`, async (t) => {
    const s = scope(t);
    const a = await s.open(await s.user({ 'chat:*': 'r' }));
    const prefix = room();
    for (let i = 0; i < 50; i++) {
      if (i === 30) await sleep(1500); // stay inside the per-connection rate
      await a.join(`${prefix}-${i}`);
    }
    const err = await a.request({ op: 'join', room: `${prefix}-50` });
    assert.equal(err.op, 'error');
    assert.equal(err.code, 'too-many-rooms', JSON.stringify(err));
    await a.request({ op: 'leave', room: `${prefix}-0` });
    await a.join(`${prefix}-50`);
  });

  test('a message published over REST reaches the bus with the same envelope fields', async (t) => {
    const s = scope(t);
    const r = room();
    const u = await s.user({ 'chat:*': 'rw' });
    const a = await s.open(u);
    const j = await a.join(r);
    const data = { text: `rest ${uniq()}` };
    const res = await publish(u.token, r, 'chat.rest', data);
    const m = await a.next(isMsg(r));
    assert.equal(m.seq, res.seq);
    assert.equal(m.seq, j.seq + 1);
    assert.equal(m.type, 'chat.rest');
    assert.equal(m.from, u.sub);
    assert.deepEqual(m.payload, data);
  });
});

describe('access control', { concurrency: true }, () => {
  test('join without READ is forbidden; the connection stays usable', async (t) => {
    const s = scope(t);
    const a = await s.open(await s.user({ 'chat:*': 'rw' }));
    const secret = room('secret');
    const err = await a.request({ op: 'join', room: secret, ref: 'j1' });
    assert.equal(err.op, 'error');
    assert.equal(err.code, 'forbidden', JSON.stringify(err));
    assert.equal(err.ref, 'j1');
    assert.equal(err.room, secret);
    assert.ok(a.isOpen);
    const r = room();
    await a.join(r);
    await a.pub(r, uniq('p'), 'still works');
    assert.equal((await a.next(isMsg(r))).payload, 'still works');
  });

  test('a READ-only client: pub refused with forbidden and never delivered to anyone', async (t) => {
    const s = scope(t);
    const r = room();
    const [ru, wu] = await Promise.all([s.user({ [r]: 'r' }), s.user({ [r]: 'rw' })]);
    const reader = await s.open(ru);
    const writer = await s.open(wu);
    await reader.join(r);
    await writer.join(r);
    const secretPayload = { forbidden: uniq() };
    const err = await reader.request({ op: 'pub', room: r, id: uniq('ro'), payload: secretPayload });
    assert.equal(err.op, 'error', JSON.stringify(err));
    assert.equal(err.code, 'forbidden');
    assert.equal(err.room, r);
    await barrier(writer, r, [reader, writer]);
    for (const c of [reader, writer]) {
      assert.equal(c.all(isMsg(r, (m) => m.payload?.forbidden === secretPayload.forbidden)).length, 0);
    }
    assert.equal(reader.all((m) => m.op === 'ack').length, 0);
  });

  test('a namespace denied by a policy is forbidden even with a grant', async (t) => {
    // the test server runs the namespace-deny example policy for the namespace "blocked"
    const health = await (await fetch(`${BASE}/health/ready`)).text();
    if (!health.includes('"namespace-deny"')) {
      t.skip('the namespace-deny plugin is not loaded on this server');
      return;
    }
    const s = scope(t);
    const a = await s.open(await s.user({ '*': 'rwp' }));
    const err = await a.request({ op: 'join', room: room('blocked') });
    assert.equal(err.code, 'forbidden', JSON.stringify(err));
  });
});

describe('presence', { concurrency: true }, () => {
  test('snapshot after joined, changes reach the others, leaves on disconnect', async (t) => {
    const s = scope(t);
    const r = room();
    const [au, bu] = await Promise.all([s.user({ [r]: 'rwp' }), s.user({ [r]: 'rwp' })]);
    const a = await s.open(au);
    const b = await s.open(bu);
    await a.join(r);
    const stateA = { typing: false, name: au.sub };
    a.send({ op: 'presence', room: r, state: stateA });
    const isPresence = (m) => m.op === 'presence' && m.room === r;
    // a's own change comes back to it: it is a message to the room
    const echo = await a.next((m) => isPresence(m) && !m.snapshot && m.joins?.some((j) => j.conn === a.welcome.connId));
    assert.deepEqual(echo.joins.find((j) => j.conn === a.welcome.connId), { conn: a.welcome.connId, sub: au.sub, state: stateA });

    await b.join(r);
    const joinedIndex = b.log.findIndex((e) => e.msg.op === 'joined' && e.msg.room === r);
    const snap = await b.next((m) => isPresence(m) && m.snapshot === true);
    const snapIndex = b.log.findIndex((e) => e.msg === snap);
    assert.ok(snapIndex > joinedIndex, 'the snapshot comes after joined');
    assert.equal(snap.count, snap.joins.length, 'every member is in the snapshot');
    assert.deepEqual(snap.joins.find((j) => j.conn === a.welcome.connId), { conn: a.welcome.connId, sub: au.sub, state: stateA });

    const stateB = { typing: true, cursor: [3, 7] };
    b.send({ op: 'presence', room: r, state: stateB });
    const seenByA = await a.next((m) => isPresence(m) && !m.snapshot && m.joins?.some((j) => j.conn === b.welcome.connId));
    assert.deepEqual(seenByA.joins.find((j) => j.conn === b.welcome.connId), { conn: b.welcome.connId, sub: bu.sub, state: stateB });
    assert.equal(seenByA.count, snap.count + (snap.joins.some((j) => j.conn === b.welcome.connId) ? 0 : 1));

    const stateA2 = { typing: true };
    a.send({ op: 'presence', room: r, state: stateA2 });
    const seenByB = await b.next((m) => isPresence(m) && !m.snapshot
      && m.joins?.some((j) => j.conn === a.welcome.connId && j.state?.typing === true));
    assert.deepEqual(seenByB.joins.find((j) => j.conn === a.welcome.connId), { conn: a.welcome.connId, sub: au.sub, state: stateA2 });

    b.terminate();
    const gone = await a.next((m) => isPresence(m) && m.leaves?.some((l) => l.conn === b.welcome.connId), { timeout: 8000 });
    assert.deepEqual(gone.leaves.find((l) => l.conn === b.welcome.connId), { conn: b.welcome.connId, sub: bu.sub });
    assert.equal(gone.count, seenByA.count - 1);
  });

  test('state null withdraws a member: the others see it leave', async (t) => {
    const s = scope(t);
    const r = room();
    const [au, bu] = await Promise.all([s.user({ [r]: 'rwp' }), s.user({ [r]: 'rwp' })]);
    const a = await s.open(au);
    const b = await s.open(bu);
    await a.join(r);
    await b.join(r);
    const isPresence = (m) => m.op === 'presence' && m.room === r;
    a.send({ op: 'presence', room: r, state: { here: true } });
    const joinedA = await b.next((m) => isPresence(m) && m.joins?.some((j) => j.conn === a.welcome.connId));
    a.send({ op: 'presence', room: r, state: null });
    const left = await b.next((m) => isPresence(m) && m.leaves?.some((l) => l.conn === a.welcome.connId));
    assert.deepEqual(left.leaves.find((l) => l.conn === a.welcome.connId), { conn: a.welcome.connId, sub: au.sub });
    assert.equal(left.count, joinedA.count - 1);
    assert.equal(b.isOpen && a.isOpen, true);
  });

  test('presence without PRESENCE is forbidden and reaches nobody; presence without join is not-joined', async (t) => {
    const s = scope(t);
    const r = room();
    const [nu, pu] = await Promise.all([s.user({ [r]: 'rw' }), s.user({ [r]: 'rwp' })]);
    const noPresence = await s.open(nu);
    const other = await s.open(pu);
    await other.join(r);
    await noPresence.join(r);
    const err = await noPresence.request({ op: 'presence', room: r, state: { here: true } });
    assert.equal(err.op, 'error');
    assert.equal(err.code, 'forbidden', JSON.stringify(err));
    assert.equal(err.room, r);

    const r2 = room();
    const err2 = await other.request({ op: 'presence', room: r2, state: { here: true } });
    assert.equal(err2.code, 'not-joined', JSON.stringify(err2));

    // a state change from `other` arrives at noPresence; the refused one never reached other
    other.send({ op: 'presence', room: r, state: { mark: 1 } });
    await noPresence.next((m) => m.op === 'presence' && m.joins?.some((j) => j.conn === other.welcome.connId && j.state?.mark === 1));
    assert.equal(other.all((m) => m.op === 'presence' && m.joins?.some((j) => j.conn === noPresence.welcome.connId && j.state)).length, 0);
  });
});

describe('resume and idempotent publishes', { concurrency: true }, () => {
  test('a killed socket resumes with recovered:true and exactly the missed messages, none twice', async (t) => {
    const s = scope(t);
    const r = room();
    const [pu, au] = await Promise.all([s.user({ [r]: 'rw' }), s.user({ [r]: 'r' })]);
    const p = await s.open(pu);
    const a = await s.open(au);
    await a.join(r);
    const sent = new Map(); // seq -> payload
    let i = 0;
    const pubOne = async () => { const payload = { i: i++ }; const ack = await p.pub(r, `m-${payload.i}`, payload); sent.set(ack.seq, payload); };
    // a publisher keeps going while the reader's socket dies
    const publishing = (async () => { for (let k = 0; k < 20; k++) { await pubOne(); await sleep(15); } })();
    await a.take(5, isMsg(r));
    a.terminate();
    const seen = a.all(isMsg(r));
    const last = seen[seen.length - 1];
    await publishing;
    assert.ok(last.seq < Math.max(...sent.keys()), 'messages were published after the socket died');

    const a2 = await s.open(au);
    const since = { epoch: a.all((m) => m.op === 'joined')[0].epoch, seq: last.seq };
    const ref = 'resume';
    a2.send({ op: 'join', room: r, since, ref });
    // live messages published while the replay is being sent
    const live = (async () => { for (let k = 0; k < 5; k++) await pubOne(); })();
    const joined = await a2.next((m) => m.ref === ref);
    assert.equal(joined.op, 'joined', JSON.stringify(joined));
    assert.equal(joined.resumed, true);
    assert.equal(joined.recovered, true);
    assert.equal(joined.epoch, since.epoch);
    assert.equal(joined.seq, since.seq, 'joined reports the position it resumes from (as in the spec example)');
    await live;
    const top = Math.max(...sent.keys());
    const expected = [...sent.keys()].filter((q) => q > last.seq).sort((x, y) => x - y);
    const got = await a2.take(expected.length, isMsg(r), { timeout: 10000 });
    assert.deepEqual(got.map((m) => m.seq), expected);
    assert.deepEqual(got.map((m) => m.payload), expected.map((q) => sent.get(q)));
    assert.equal(got[got.length - 1].seq, top);
    await barrier(p, r, [a2]);
    const all = a2.all(isMsg(r)).map((m) => m.seq);
    assert.equal(new Set(all).size, all.length, `no duplicates: ${all}`);
    const joinedAt = a2.log.findIndex((e) => e.msg === joined);
    assert.ok(a2.log.findIndex((e) => e.msg === got[0]) > joinedAt, 'replay comes after joined');
  });

  test('more missed messages than the history keeps: recovered:false and no replay at all', async (t) => {
    const s = scope(t);
    const r = room();
    const [pu, au] = await Promise.all([s.user({ [r]: 'rw' }), s.user({ [r]: 'r' })]);
    const [p1, p2] = [await s.open(pu), await s.open(pu)];
    const a = await s.open(au);
    const j = await a.join(r);
    await p1.pub(r, 'first', { i: 0 });
    const first = await a.next(isMsg(r));
    a.terminate();
    const n = SERVER.historyMaxMessages + 10;
    const acks = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? p1 : p2).pub(r, `m-${i}`, { i: i + 1 })));
    const top = Math.max(...acks.map((x) => x.seq));
    assert.equal(top, first.seq + n);

    const a2 = await s.open(au);
    const joined = await a2.request({ op: 'join', room: r, since: { epoch: j.epoch, seq: first.seq } });
    assert.equal(joined.op, 'joined', JSON.stringify(joined));
    assert.equal(joined.resumed, true);
    assert.equal(joined.recovered, false);
    assert.equal(joined.epoch, j.epoch);
    assert.equal(joined.seq, top, 'the room\'s current position');
    await sleep(500);
    assert.deepEqual(a2.all(isMsg(r)).map((m) => m.seq), [], 'never a partial replay');
    const ack = await p1.pub(r, 'live', { live: true });
    const m = await a2.next(isMsg(r));
    assert.equal(m.seq, ack.seq);
    assert.equal(m.seq, top + 1);
    assert.deepEqual(m.payload, { live: true });
  });

  test('a foreign epoch: recovered:false, the room\'s own epoch, no replay', async (t) => {
    const s = scope(t);
    const r = room();
    const u = await s.user({ [r]: 'rw' });
    const a = await s.open(u);
    const j = await a.join(r);
    for (let i = 0; i < 3; i++) await a.pub(r, `m-${i}`, i);
    await a.take(3, isMsg(r));
    const b = await s.open(u);
    const foreign = `${j.epoch}x`;
    const joined = await b.request({ op: 'join', room: r, since: { epoch: foreign, seq: 1 } });
    assert.equal(joined.op, 'joined', JSON.stringify(joined));
    assert.equal(joined.resumed, true);
    assert.equal(joined.recovered, false);
    assert.equal(joined.epoch, j.epoch);
    assert.equal(joined.seq, j.seq + 3);
    await sleep(400);
    assert.equal(b.all(isMsg(r)).length, 0);
  });

  test('a position beyond the room\'s end: recovered:false, no replay', async (t) => {
    const s = scope(t);
    const r = room();
    const u = await s.user({ [r]: 'rw' });
    const a = await s.open(u);
    const j = await a.join(r);
    await a.pub(r, 'one', 1);
    const joined = await (await s.open(u)).request({ op: 'join', room: r, since: { epoch: j.epoch, seq: j.seq + 100 } });
    assert.equal(joined.op, 'joined', JSON.stringify(joined));
    assert.equal(joined.recovered, false);
    assert.equal(joined.seq, j.seq + 1);
  });

  test('resuming with nothing missed: recovered:true and nothing replayed', async (t) => {
    const s = scope(t);
    const r = room();
    const u = await s.user({ [r]: 'rw' });
    const a = await s.open(u);
    const j = await a.join(r);
    await a.pub(r, 'one', 1);
    const m = await a.next(isMsg(r));
    const b = await s.open(u);
    const joined = await b.request({ op: 'join', room: r, since: { epoch: j.epoch, seq: m.seq } });
    assert.equal(joined.recovered, true, JSON.stringify(joined));
    assert.equal(joined.resumed, true);
    await sleep(300);
    assert.equal(b.all(isMsg(r)).length, 0);
  });

  test('a pub re-sent with the same id after reconnecting gets the first seq and is delivered once', async (t) => {
    const s = scope(t);
    const r = room();
    const [pu, ou] = await Promise.all([s.user({ [r]: 'rw' }), s.user({ [r]: 'r' })]);
    const observer = await s.open(ou);
    await observer.join(r);
    const p1 = await s.open(pu);
    const id = uniq('once');
    const payload = { text: 'exactly once' };
    const ack1 = await p1.pub(r, id, payload);
    p1.terminate();
    const p2 = await s.open(pu);
    const ack2 = await p2.pub(r, id, payload);
    assert.equal(ack2.id, id);
    assert.equal(ack2.seq, ack1.seq);
    // never acked: the socket dies right after sending, the retry must still be delivered once
    const id2 = uniq('unacked');
    p2.send({ op: 'pub', room: r, id: id2, payload: { text: 'second' } });
    p2.terminate();
    const p3 = await s.open(pu);
    const ack3 = await p3.pub(r, id2, { text: 'second' });
    assert.ok(ack3.seq > ack1.seq);
    await barrier(p3, r, [observer]);
    const got = observer.all(isMsg(r, (m) => !m.payload?.marker));
    assert.deepEqual(got.map((m) => [m.seq, m.payload.text]), [[ack1.seq, 'exactly once'], [ack3.seq, 'second']]);
  });
});

describe('idempotency scope', { concurrency: true }, () => {
  test('the same pub id from another subject, or in another room, is a new message', async (t) => {
    const s = scope(t);
    const r1 = room();
    const r2 = room();
    const [au, bu, ou] = await Promise.all([s.user({ 'chat:*': 'rw' }), s.user({ 'chat:*': 'rw' }), s.user({ 'chat:*': 'r' })]);
    const [a, b, o] = await Promise.all([s.open(au), s.open(bu), s.open(ou)]);
    await o.join(r1);
    await o.join(r2);
    const id = uniq('shared-id');
    const fromA = await a.pub(r1, id, 'from a');
    const fromB = await b.pub(r1, id, 'from b');
    const otherRoom = await a.pub(r2, id, 'a in r2');
    assert.equal(fromB.seq, fromA.seq + 1, 'another subject\'s pub with the same id is not deduplicated');
    const inR1 = await o.take(2, isMsg(r1));
    assert.deepEqual(inR1.map((m) => [m.from, m.payload]), [[au.sub, 'from a'], [bu.sub, 'from b']]);
    const inR2 = await o.next(isMsg(r2));
    assert.equal(inR2.seq, otherRoom.seq);
    assert.equal(inR2.payload, 'a in r2');
  });
});

describe('malformed messages and limits', { concurrency: true }, () => {
  const r = room();
  const ok = `chat:${'a'.repeat(195)}`;
  // [what, frame (a string is sent as a raw text frame), expected code]; each on a connection of its own
  const cases = [
    ['not JSON', '{"op": "ping"', 'malformed'],
    ['a JSON array', '[{"op":"ping"}]', 'malformed'],
    ['a JSON string', '"ping"', 'malformed'],
    ['a JSON number', '42', 'malformed'],
    ['op missing', { ref: 'no-op', room: r }, 'malformed'],
    ['op not a string', { op: 42, ref: 'op-42' }, 'malformed'],
    ['unknown op', { op: 'frobnicate', ref: 'u1' }, 'unknown-op'],
    ['join: room of the wrong type', { op: 'join', room: 42, ref: 'f1' }, 'invalid-field'],
    ['join: room missing', { op: 'join', ref: 'f2' }, 'invalid-field'],
    ['join: since of the wrong types', { op: 'join', room: r, since: { epoch: 5, seq: 'x' }, ref: 'f3' }, 'invalid-field'],
    ['pub: id not a string', { op: 'pub', room: r, id: 7, payload: 1, ref: 'p1' }, 'invalid-field'],
    ['pub: empty id', { op: 'pub', room: r, id: '', payload: 1, ref: 'p2' }, 'invalid-field'],
    ['pub: id of 201 characters', { op: 'pub', room: r, id: 'i'.repeat(201), payload: 1, ref: 'p3' }, 'invalid-field'],
    ['pub: type of 101 characters', { op: 'pub', room: r, id: 'ok', type: 't'.repeat(101), payload: 1, ref: 'p4' }, 'invalid-field'],
    ['pub: type not a string', { op: 'pub', room: r, id: 'ok2', type: 5, payload: 1, ref: 'p5' }, 'invalid-field'],
    ['pub: payload missing', { op: 'pub', room: r, id: 'no-payload', ref: 'np' }, 'invalid-field'],
    ['ref of 65 characters', { op: 'ping', ref: 'x'.repeat(65) }, 'invalid-field'],
    ['ref an object', { op: 'ping', ref: { nested: true } }, 'invalid-field'],
    ['refresh: token not a string', { op: 'refresh', token: 12, ref: 'rf' }, 'invalid-field'],
    ['presence: state missing', { op: 'presence', room: r, ref: 'pr' }, 'invalid-field', true],
    ['join: empty room id', { op: 'join', room: '', ref: 'e' }, 'invalid-room'],
    ['join: room id of 201 characters', { op: 'join', room: `chat:${'a'.repeat(196)}`, ref: 'l' }, 'invalid-room'],
    ['join: control character in the room id', { op: 'join', room: 'chat:a\u0001b', ref: 'c' }, 'invalid-room'],
    ['pub: line break in the room id', { op: 'pub', room: 'chat:a\nb', id: 'x', payload: 1, ref: 'n' }, 'invalid-room'],
    ['join: room id without a namespace', { op: 'join', room: 'no-namespace', ref: 'ns' }, 'invalid-room'],
  ];
  for (const [what, frame, code, joinFirst] of cases) {
    test(`${what}: error ${code}, and the connection goes on`, async (t) => {
      const s = scope(t);
      const c = await s.open(await s.user({ 'chat:*': 'rwp' }));
      if (joinFirst) await c.join(r);
      if (typeof frame === 'string') c.sendText(frame); else c.send(frame);
      const err = await c.next((m) => m.op === 'error', { what: `an error for ${typeof frame === 'string' ? frame : JSON.stringify(frame)}` });
      assert.equal(err.code, code, JSON.stringify(err));
      assert.equal(typeof err.message, 'string');
      if (typeof frame === 'object' && typeof frame.ref === 'string' && frame.ref.length <= 64) {
        assert.equal(err.ref, frame.ref, `the error repeats the ref: ${JSON.stringify(err)}`);
      }
      const pong = await c.request({ op: 'ping' });
      assert.equal(pong.op, 'pong');
    });
  }

  test('the limits themselves are accepted: id of 200, type of 100, ref of 64 characters, room id of 200', async (t) => {
    const s = scope(t);
    const c = await s.open(await s.user({ 'chat:*': 'rwp' }));
    const joined = await c.join(ok);
    assert.equal(joined.room.length, 200);
    const ack = await c.pub(ok, 'i'.repeat(200), 1, 't'.repeat(100));
    assert.equal(ack.id, 'i'.repeat(200));
    const m = await c.next(isMsg(ok));
    assert.equal(m.type, 't'.repeat(100));
    const pong = await c.request({ op: 'ping', ref: 'x'.repeat(64) });
    assert.equal(pong.ref, 'x'.repeat(64));
  });

  test('more than 10 malformed messages within a minute: close 4400', async (t) => {
    const s = scope(t);
    const c = await s.open(await s.user());
    for (let i = 0; i < SERVER.maxMalformed; i++) c.sendText(`not json ${i}`);
    const errs = await c.take(SERVER.maxMalformed, isError('malformed'));
    assert.equal(errs.length, SERVER.maxMalformed);
    const pong = await c.request({ op: 'ping' });
    assert.equal(pong.op, 'pong', 'ten malformed messages are still tolerated');
    c.sendText('not json, one too many');
    const { code } = await c.waitClose(3000);
    assert.equal(code, 4400);
  });

  // a pub frame of exactly `bytes` bytes of UTF-8 JSON (the payload string is padded, with some non-ASCII text)
  function pubFrame(r, id, bytes) {
    const head = 'äöü 🌊 ';
    const base = Buffer.byteLength(JSON.stringify({ op: 'pub', room: r, id, payload: head }));
    const text = JSON.stringify({ op: 'pub', room: r, id, payload: head + 'x'.repeat(bytes - base) });
    assert.equal(Buffer.byteLength(text), bytes);
    return text;
  }

  test('a frame of exactly 64 KiB is accepted; one byte more closes 4413', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const r = room();
    const ok = await s.open(u);
    assert.equal(ok.welcome.maxMessageBytes, SERVER.maxMessageBytes);
    ok.sendText(pubFrame(r, 'fits', SERVER.maxMessageBytes));
    const ack = await ok.next((m) => m.op === 'ack' || m.op === 'error');
    assert.equal(ack.op, 'ack', JSON.stringify(ack));
    assert.equal(ack.id, 'fits');
    const c = await s.open(u);
    c.sendText(pubFrame(r, 'too-big', SERVER.maxMessageBytes + 1));
    const { code } = await c.waitClose(5000);
    assert.equal(code, 4413);
    assert.equal(c.all((m) => m.op === 'ack').length, 0);
  });

  test('a CBOR frame over 64 KiB closes 4413 too', async (t) => {
    const s = scope(t);
    const c = await s.open(await s.user(), { protocol: 'cbor' });
    c.send({ op: 'pub', room: room(), id: 'too-big', payload: 'x'.repeat(SERVER.maxMessageBytes) });
    const { code } = await c.waitClose(5000);
    assert.equal(code, 4413);
  });
});

describe('CBOR', { concurrency: true }, () => {
  const payloads = [
    { nested: { deeper: { list: [1, [2, [3, { four: 4 }]]], empty: {}, none: [] } } },
    ['array', 1, -1, 0, 2 ** 31, -(2 ** 31) - 1, 2 ** 40, Number.MAX_SAFE_INTEGER, true, false, null],
    { unicode: 'héllo wörld ✓ 日本語 🌊 \u0000 "quoted" \\ /', emoji: '👩‍👩‍👧' },
    { floats: [3.25, -0.5, 1e-7, 6.02214076e23, 0.1 + 0.2, 1.5e300] },
    'a plain string',
    12345,
    -7.75,
    true,
    null,
  ];

  test('a CBOR client and a JSON client in the same room see the same payloads', async (t) => {
    const s = scope(t);
    const r = room();
    const [cu, ju] = await Promise.all([s.user({ [r]: 'rw' }), s.user({ [r]: 'rw' })]);
    const cb = await s.open(cu, { protocol: 'cbor' });
    assert.equal(cb.ws.protocol, 'aqueduct.v1.cbor');
    assert.equal(cb.frames[0].binary, true, 'the welcome of a CBOR connection is a binary frame');
    const js = await s.open(ju, { protocol: 'json' });
    const jc = await cb.join(r);
    assert.equal(typeof jc.seq, 'number');
    await js.join(r);
    let k = 0;
    for (const [who, other] of [[js, cb], [cb, js]]) {
      for (const payload of payloads) {
        const id = `p-${k++}`;
        const ack = await who.pub(r, id, payload, 'cbor.test');
        const [m1, m2] = await Promise.all([who.next(isMsg(r)), other.next(isMsg(r))]);
        for (const m of [m1, m2]) {
          assert.equal(m.seq, ack.seq);
          assert.deepEqual(m.payload, payload, `${who.protocol} -> ${m === m1 ? who.protocol : other.protocol}`);
          assert.equal(m.type, 'cbor.test');
          assert.equal(typeof m.ts, 'number');
        }
        assert.equal(m1.id, m2.id);
      }
    }
    assert.ok(cb.frames.every((f) => f.binary && !f.error), 'every frame to the CBOR client is valid binary CBOR');
    assert.ok(js.frames.every((f) => !f.binary && !f.error), 'every frame to the JSON client is JSON text');
  });

  for (const [what, payload] of [
    ['a byte string', { data: Buffer.from([1, 2, 3]) }],
    ['a nested byte string', [1, { b: Buffer.from([255]) }]],
    ['a tag (date)', { when: new Date(0) }],
    ['undefined', { u: undefined }],
  ]) {
    test(`${what} in a CBOR payload is invalid-field and never delivered`, async (t) => {
      const s = scope(t);
      const r = room();
      const [cu, ju] = await Promise.all([s.user({ [r]: 'rw' }), s.user({ [r]: 'rw' })]);
      const cb = await s.open(cu, { protocol: 'cbor' });
      const js = await s.open(ju);
      await js.join(r);
      const ref = uniq('bad');
      cb.send({ op: 'pub', room: r, id: ref, payload, ref });
      const err = await cb.next((m) => m.op === 'error' || m.ref === ref);
      assert.equal(err.op, 'error', JSON.stringify(err));
      assert.equal(err.code, 'invalid-field', JSON.stringify(err));
      assert.equal(err.ref, ref, `the error repeats the ref: ${JSON.stringify(err)}`);
      await barrier(cb, r, [js]);
      assert.equal(js.all(isMsg(r, (m) => !m.payload?.marker)).length, 0);
    });
  }

  test('binary garbage on a CBOR connection is malformed; a non-map is malformed', async (t) => {
    const s = scope(t);
    const cb = await s.open(await s.user(), { protocol: 'cbor' });
    cb.sendBinary(Buffer.from([0xff, 0x00, 0x9f]));
    const err = await cb.next((m) => m.op === 'error');
    assert.equal(err.code, 'malformed', JSON.stringify(err));
    cb.sendBinary(Buffer.from([0x83, 0x01, 0x02, 0x03])); // [1, 2, 3]
    const err2 = await cb.next((m) => m.op === 'error');
    assert.equal(err2.code, 'malformed', JSON.stringify(err2));
    const pong = await cb.request({ op: 'ping', ref: 9 });
    assert.equal(pong.op, 'pong');
    assert.equal(pong.ref, 9);
  });
});

describe('batching', { concurrency: true }, () => {
  async function burst(t, protocol) {
    const s = scope(t);
    const r = room();
    const [pu, bu, nu] = await Promise.all([1, 2, 3].map(() => s.user({ [r]: 'rw' })));
    const batched = await s.open(bu, { protocol, hello: { batch: true } });
    const plain = await s.open(nu, { protocol });
    assert.equal(batched.welcome.batch, true);
    assert.equal(plain.welcome.batch, false);
    const p = await s.open(pu);
    const start = (await batched.join(r)).seq;
    await plain.join(r);
    const n = 35;
    for (let i = 0; i < n; i++) p.send({ op: 'pub', room: r, id: `b-${i}`, payload: { i } });
    for (const c of [batched, plain]) {
      const msgs = await c.take(n, isMsg(r), { timeout: 10000 });
      assert.deepEqual(msgs.map((m) => m.seq), Array.from({ length: n }, (_, i) => start + 1 + i));
      assert.deepEqual(msgs.map((m) => m.payload.i), Array.from({ length: n }, (_, i) => i));
    }
    assert.equal(plain.frames.filter((f) => f.batched).length, 0, 'never an array without batch:true');
    assert.ok(plain.frames.every((f) => f.count === 1));
    for (const f of batched.frames) assert.ok(f.count >= 1 && f.count <= 64, `batch of ${f.count}`);
    const arrays = batched.frames.filter((f) => f.batched);
    t.diagnostic(`batch:true client: ${batched.frames.length} frames, ${arrays.length} of them arrays (sizes ${arrays.map((f) => f.count)})`);
  }

  test('JSON: with batch:true a burst arrives in order (possibly as arrays); without it never arrays', (t) => burst(t, 'json'));
  test('CBOR: the same with arrays of maps', (t) => burst(t, 'cbor'));
});

describe('origin', { concurrency: true }, () => {
  test('an upgrade from a foreign origin is refused with HTTP 403', async (t) => {
    const s = scope(t);
    const u = await s.user();
    await assert.rejects(s.connect({ origin: 'http://evil.example', token: u.token }), (e) => {
      assert.ok(e instanceof ConnectRefused, `expected an HTTP refusal, got ${e.message}`);
      assert.equal(e.statusCode, 403);
      return true;
    });
  });

  test('an allowlisted origin and the same origin work', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const a = await s.open(u, { origin: SERVER.allowedOrigin });
    assert.equal(a.welcome.op, 'welcome');
    const b = await s.open(u, { origin: new URL(BASE).origin });
    assert.equal(b.welcome.op, 'welcome');
  });

});
