// POST /api/v1/rtc/sfu/{room}: the RtcProvider plugin point, with the example LiveKit plugin that the test server
// deploys (integration-tests/pom.xml: AQUEDUCT_PLUGIN_LIVEKIT_*). The token is checked twice: with node's own
// HMAC-SHA256 over the JWS signing input, and with the TokenVerifier of LiveKit's server SDK; its claims are
// compared with a token LiveKit's own AccessToken mints for the same participant and grant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { BASE, devToken } from '../lib/aqueduct.mjs';

const API_KEY = 'it-livekit-key';
const API_SECRET = 'it-livekit-secret-0123456789abcdef';
const TTL = 15 * 60;

const join = (token, room) => fetch(`${BASE}/api/v1/rtc/sfu/${encodeURIComponent(room)}`, {
  method: 'POST',
  headers: token ? { authorization: `Bearer ${token}` } : {},
});
const part = (jwt, i) => JSON.parse(Buffer.from(jwt.split('.')[i], 'base64url').toString('utf8'));

async function ticket(rooms, room, extra = {}) {
  const sub = `sfu-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const r = await join(await devToken({ sub, rooms, ...extra }), room);
  assert.equal(r.status, 200, await r.clone().text());
  return { sub, body: await r.json() };
}

test('sfu: a LiveKit token signed with the API secret, for the caller and the room', async () => {
  const before = Math.floor(Date.now() / 1000);
  const { sub, body } = await ticket({ 'call:*': 'rws' }, 'call:standup', { name: 'Alice A.' });
  assert.equal(body.provider, 'livekit');
  assert.equal(body.url, 'ws://127.0.0.1:7880');
  assert.equal(body.room, 'call:standup');

  const [header, payload] = body.token.split('.');
  assert.deepEqual(part(body.token, 0), { alg: 'HS256', typ: 'JWT' });
  const signature = createHmac('sha256', API_SECRET).update(`${header}.${payload}`).digest('base64url');
  assert.equal(body.token.split('.')[2], signature);

  const claims = await new TokenVerifier(API_KEY, API_SECRET).verify(body.token);
  assert.equal(claims.iss, API_KEY);
  assert.equal(claims.sub, sub);
  assert.equal(claims.name, 'Alice A.');
  assert.ok(claims.nbf >= before && claims.nbf <= Math.floor(Date.now() / 1000), `nbf ${claims.nbf}`);
  assert.equal(claims.exp, claims.nbf + TTL);
  assert.equal(body.expiresAt, claims.exp);
  const grant = { room: 'call:standup', roomJoin: true, canSubscribe: true, canPublish: true, canPublishData: true };
  assert.deepEqual(claims.video, grant);

  // the same participant and grant from LiveKit's own minter: the same claims
  const reference = new AccessToken(API_KEY, API_SECRET, { identity: sub, name: 'Alice A.', ttl: TTL });
  reference.addGrant(grant);
  const theirs = part(await reference.toJwt(), 1);
  assert.deepEqual(Object.keys(claims).sort(), Object.keys(theirs).sort());
  assert.deepEqual({ ...claims, nbf: 0, exp: 0 }, { ...theirs, nbf: 0, exp: 0 });

  await assert.rejects(new TokenVerifier(API_KEY, 'another-secret-0123456789abcdefghij').verify(body.token));
  await assert.rejects(new TokenVerifier('another-key', API_SECRET).verify(body.token));
});

test('sfu: LiveKit permissions follow what the platform allows in the room', async () => {
  const video = async (rooms) => part((await ticket(rooms, 'call:perm')).body.token, 1).video;
  assert.deepEqual(await video({ 'call:*': 's' }),
    { room: 'call:perm', roomJoin: true, canSubscribe: false, canPublish: false, canPublishData: false });
  assert.deepEqual(await video({ 'call:*': 'rs' }),
    { room: 'call:perm', roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false });
  assert.deepEqual(await video({ 'call:*': 'rwsa' }),
    { room: 'call:perm', roomJoin: true, canSubscribe: true, canPublish: true, canPublishData: true, roomAdmin: true });
  const noName = part((await ticket({ 'call:*': 's' }, 'call:perm')).body.token, 1);
  assert.equal(noName.name, undefined);
});

test('sfu: a token is required, SIGNAL on the room, and a valid room id', async () => {
  const unauthenticated = await join(null, 'call:x');
  assert.equal(unauthenticated.status, 401);
  assert.equal(unauthenticated.headers.get('content-type'), 'application/problem+json');

  const token = await devToken({ sub: `sfu-${Date.now()}`, rooms: { 'call:*': 'rw', 'blocked:*': 'rws' } });
  const noSignal = await join(token, 'call:x');
  assert.equal(noSignal.status, 403);
  assert.match((await noSignal.json()).detail, /SIGNAL is not allowed on room call:x/);
  // the example namespace-deny policy takes SIGNAL away whatever the token grants
  assert.equal((await join(token, 'blocked:x')).status, 403);

  const invalid = await join(token, 'no-namespace');
  assert.equal(invalid.status, 400);
  assert.equal((await invalid.json()).type, 'urn:aqueduct:problem:invalid-room');
});
