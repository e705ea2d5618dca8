// GET /api/v1/rtc/ice-servers: STUN and TURN servers with TURN REST credentials (coturn use-auth-secret). The
// credential is checked with node's own HMAC-SHA1, as a TURN server would check it. The test server is configured
// with AQUEDUCT_RTC_* in integration-tests/pom.xml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BASE, devToken } from '../lib/aqueduct.mjs';

const SECRET = 'it-turn-secret';
const get = (token, query = '') => fetch(`${BASE}/api/v1/rtc/ice-servers${query}`, {
  headers: token ? { authorization: `Bearer ${token}` } : {},
});

test('ice servers: STUN, and TURN with a credential the shared secret verifies, valid for the ttl', async () => {
  const sub = `rtc-${Date.now()}`;
  const token = await devToken({ sub, rooms: { 'call:*': 's' } });
  const before = Math.floor(Date.now() / 1000);
  const r = await get(token);
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.ttl, 600);
  const [stun, turn] = body.iceServers;
  assert.deepEqual(stun, { urls: ['stun:127.0.0.1:3478'] });
  assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp']);
  const [expiry, user] = [Number(turn.username.split(':')[0]), turn.username.slice(turn.username.indexOf(':') + 1)];
  assert.equal(user, sub);
  assert.ok(expiry >= before + 600 && expiry <= Math.floor(Date.now() / 1000) + 600, `expiry ${expiry}`);
  assert.equal(turn.credential, createHmac('sha1', SECRET).update(turn.username).digest('base64'));
  assert.notEqual(turn.credential, createHmac('sha1', 'it-previous-secret').update(turn.username).digest('base64'));
});

test('ice servers: a token is required, and with ?room= SIGNAL on that room', async () => {
  assert.equal((await get(null)).status, 401);
  const token = await devToken({ sub: `rtc-${Date.now()}`, rooms: { 'call:*': 's', 'chat:*': 'rw' } });
  assert.equal((await get(token, '?room=call:standup')).status, 200);
  const refused = await get(token, '?room=chat:lobby');
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /SIGNAL/);
});
