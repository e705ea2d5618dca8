// The room bus timers against the running server: hello timeout, heartbeats, token expiry, grace and refresh.
// The test server runs them short (hello 3 s, heartbeat 2 s + pong timeout 2 s, token grace 3 s); the tests run
// concurrently so the file takes about as long as its slowest test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER, scope, sleep, uniq } from '../lib/ws-client.mjs';

const room = () => `chat:${uniq('timers')}`;
const isMsg = (r, pred = () => true) => (m) => m.op === 'msg' && m.room === r && pred(m);

describe('timers', { concurrency: true }, () => {
  test('no hello in time: close 4408', async (t) => {
    const s = scope(t);
    const opened = Date.now();
    const c = await s.connect();
    const { code, at } = await c.waitClose(SERVER.helloTimeoutMs + 5000);
    assert.equal(code, 4408);
    const elapsed = at - opened;
    assert.ok(elapsed >= SERVER.helloTimeoutMs - 300, `closed after ${elapsed} ms, before the hello timeout`);
    assert.ok(elapsed <= SERVER.helloTimeoutMs + 2500, `closed after ${elapsed} ms`);
  });

  test('messages other than hello do not stop the hello timeout', async (t) => {
    const s = scope(t);
    const opened = Date.now();
    const c = await s.connect();
    const timer = setInterval(() => c.isOpen && c.send({ op: 'ping' }), 500);
    t.after(() => clearInterval(timer));
    const { code, at } = await c.waitClose(SERVER.helloTimeoutMs + 5000);
    assert.equal(code, 4408);
    assert.ok(at - opened <= SERVER.helloTimeoutMs + 2500, `closed after ${at - opened} ms`);
    assert.ok(c.all((m) => m.code === 'hello-required').length >= 1);
  });

  test('a client that does not answer ping frames is closed with 4408 within heartbeat + pong timeout', async (t) => {
    const s = scope(t);
    const c = await s.connect({ autoPong: false });
    await c.hello({ token: (await s.user()).token });
    const silentSince = Date.now();
    const { code, at } = await c.waitClose(SERVER.heartbeatMs * 2 + SERVER.pongTimeoutMs + 5000);
    assert.equal(code, 4408);
    const elapsed = at - silentSince;
    const limit = SERVER.heartbeatMs + SERVER.pongTimeoutMs;
    assert.ok(elapsed >= limit - 500, `closed after ${elapsed} ms of silence, before ${limit} ms`);
    assert.ok(elapsed <= limit + SERVER.heartbeatMs + 1500, `closed after ${elapsed} ms of silence`);
    assert.ok(c.pings >= 1, 'the server sent ping frames');
  });

  test('a client that answers ping frames stays open; so does one that only sends messages', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const ponging = await s.open(u);
    const talking = await s.open(u, { autoPong: false });
    const timer = setInterval(() => talking.isOpen && talking.send({ op: 'ping' }), 1000);
    t.after(() => clearInterval(timer));
    await sleep((SERVER.heartbeatMs + SERVER.pongTimeoutMs) * 2);
    clearInterval(timer);
    for (const c of [ponging, talking]) {
      assert.equal(c.closeInfo, null, `closed: ${JSON.stringify(c.closeInfo)}`);
      const pong = await c.request({ op: 'ping' });
      assert.equal(pong.op, 'pong');
    }
    assert.ok(ponging.pings >= 2, `${ponging.pings} ping frames in ${(SERVER.heartbeatMs + SERVER.pongTimeoutMs) * 2} ms`);
  });

  test('token expiry, then refresh within the grace period: the connection goes on', async (t) => {
    const s = scope(t);
    const r = room();
    const sub = uniq('expiring');
    const u = await s.user({ [r]: 'rw' }, { sub, ttl: 3 });
    const obs = await s.open(await s.user({ [r]: 'r' }));
    await obs.join(r);
    const c = await s.open(u);
    assert.equal(c.welcome.expiresAt, u.expiresAt);
    await c.join(r);

    const expired = await c.nextEntry((m) => m.op === 'error' && m.code === 'token-expired', { timeout: 8000 });
    assert.ok(expired.at >= u.expiresAt - 250, `token-expired ${u.expiresAt - expired.at} ms before expiresAt`);
    assert.ok(expired.at <= u.expiresAt + 2500, `token-expired ${expired.at - u.expiresAt} ms after expiresAt`);
    assert.equal(typeof expired.msg.graceMs, 'number');
    assert.ok(expired.msg.graceMs > 0 && expired.msg.graceMs <= SERVER.tokenGraceMs, `graceMs ${expired.msg.graceMs}`);

    // during the grace period pub, join and presence are refused with token-expired
    const refusedPayload = { during: uniq('grace') };
    for (const m of [{ op: 'pub', room: r, id: uniq('g'), payload: refusedPayload }, { op: 'join', room: room() }, { op: 'presence', room: r, state: 1 }]) {
      const err = await c.request(m);
      assert.equal(err.op, 'error', `${m.op} during grace: ${JSON.stringify(err)}`);
      assert.equal(err.code, 'token-expired', `${m.op} during grace: ${JSON.stringify(err)}`);
    }

    const fresh = await s.user({ [r]: 'rw' }, { sub, ttl: 600 });
    const refreshed = await c.request({ op: 'refresh', token: fresh.token, ref: 'rf' });
    assert.equal(refreshed.op, 'refreshed', JSON.stringify(refreshed));
    assert.equal(refreshed.ref, 'rf');
    assert.equal(refreshed.expiresAt, fresh.expiresAt);
    assert.ok(refreshed.expiresAt > c.welcome.expiresAt);

    // past the end of the grace period: still open, messages flow both ways
    await sleep(Math.max(0, expired.at + SERVER.tokenGraceMs + 1000 - Date.now()));
    assert.equal(c.closeInfo, null, `closed: ${JSON.stringify(c.closeInfo)}`);
    const ack = await c.pub(r, uniq('after'), { after: true });
    for (const x of [c, obs]) {
      const m = await x.next(isMsg(r, (y) => y.payload?.after === true));
      assert.equal(m.seq, ack.seq);
      assert.equal(m.from, sub);
    }
    assert.equal(obs.all(isMsg(r, (m) => m.payload?.during === refusedPayload.during)).length, 0);
  });

  test('token expiry without refresh: close 4401 after the grace period', async (t) => {
    const s = scope(t);
    const u = await s.user({ 'chat:*': 'r' }, { ttl: 3 });
    const c = await s.open(u);
    const expired = await c.nextEntry((m) => m.op === 'error' && m.code === 'token-expired', { timeout: 8000 });
    const { code, at } = await c.waitClose(SERVER.tokenGraceMs + 4000);
    assert.equal(code, 4401);
    const waited = at - expired.at;
    assert.ok(waited >= expired.msg.graceMs - 500, `closed ${waited} ms after token-expired, graceMs ${expired.msg.graceMs}`);
    assert.ok(waited <= SERVER.tokenGraceMs + 2500, `closed ${waited} ms after token-expired`);
  });

  test('refresh with a token for another subject: close 4401', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const other = await s.user();
    const c = await s.open(u);
    c.send({ op: 'refresh', token: other.token, ref: 'x' });
    const { code } = await c.waitClose(4000);
    assert.equal(code, 4401);
    assert.equal(c.all((m) => m.op === 'refreshed').length, 0);
  });

  test('refresh with a token that does not verify: close 4401', async (t) => {
    const s = scope(t);
    const u = await s.user();
    const c = await s.open(u);
    const [h, p] = u.token.split('.');
    c.send({ op: 'refresh', token: `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}` });
    const { code } = await c.waitClose(4000);
    assert.equal(code, 4401);
  });

  test('after a refresh READ is checked again: a room no longer granted is left with reason forbidden', async (t) => {
    const s = scope(t);
    const keep = room();
    const lose = room();
    const sub = uniq('narrowed');
    const u = await s.user({ [keep]: 'rw', [lose]: 'rw' }, { sub });
    const c = await s.open(u);
    await c.join(keep);
    await c.join(lose);
    const narrower = await s.user({ [keep]: 'rw' }, { sub });
    const refreshed = await c.request({ op: 'refresh', token: narrower.token });
    assert.equal(refreshed.op, 'refreshed', JSON.stringify(refreshed));
    const left = await c.next((m) => m.op === 'left' && m.room === lose);
    assert.equal(left.reason, 'forbidden');
    assert.equal(c.all((m) => m.op === 'left' && m.room === keep).length, 0);
    const pubber = await s.open(await s.user({ [keep]: 'rw', [lose]: 'rw' }));
    await pubber.pub(lose, uniq('lost'), 'not for you');
    const ack = await pubber.pub(keep, uniq('kept'), 'for you');
    const m = await c.next(isMsg(keep));
    assert.equal(m.seq, ack.seq);
    await sleep(200);
    assert.equal(c.all(isMsg(lose)).length, 0);
  });
});
