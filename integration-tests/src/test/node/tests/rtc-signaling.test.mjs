// WS /signaling, the y-webrtc signaling protocol, spoken by a plain WebSocket client: what a y-webrtc client sends
// (subscribe, publish, ping) gets the reference server's answers, plus authentication and SIGNAL on each topic's
// room. The real y-webrtc provider in Chromium is in rtc-y-webrtc-browser.test.mjs. Encrypted payloads are made by
// y-webrtc's own crypto module.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
// y-webrtc exports no subpaths; its crypto module is what the provider encrypts signaling with
import * as cryptoutils from '../node_modules/y-webrtc/src/crypto.js';
import * as buffer from 'lib0/buffer';
import { BASE, devToken, metricValue, until } from '../lib/aqueduct.mjs';

const SIGNALING = `${BASE.replace(/^http/, 'ws')}/signaling`;
// every socket a test opens, closed at the end even when the test failed (an open socket keeps node running)
const opened = [];
after(() => opened.forEach((ws) => ws.terminate()));
const uniq = (p) => `${p}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

// A signaling socket: every message it receives (parsed), and its close code.
async function signal(token, { origin } = {}) {
  const url = token ? `${SIGNALING}?access_token=${encodeURIComponent(token)}` : SIGNALING;
  const ws = new WebSocket(url, origin ? { origin } : {});
  opened.push(ws);
  const received = [];
  ws.on('message', (d) => received.push(JSON.parse(d.toString())));
  const closed = new Promise((r) => ws.on('close', (code) => r(code)));
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  return {
    ws, received, closed,
    send: (m) => ws.send(JSON.stringify(m)),
    publishes: (topic) => received.filter((m) => m.type === 'publish' && m.topic === topic),
    errors: () => received.filter((m) => m.type === 'error'),
  };
}

const tokenFor = (sub, rooms) => devToken({ sub, rooms });

test('subscribe and publish: every subscriber, the sender too, gets the publish with data untouched and clients', async () => {
  const topic = `rtc:${uniq('room')}`;
  const a = await signal(await tokenFor('alice', { 'rtc:*': 's' }));
  const b = await signal(await tokenFor('bob', { 'rtc:*': 's' }));
  a.send({ type: 'subscribe', topics: [topic] });
  b.send({ type: 'subscribe', topics: [topic] });
  // y-webrtc's announce, as its SignalingConn sends it on connect
  const announce = { type: 'announce', from: 'peer-a' };
  b.send({ type: 'ping' });
  await until(() => b.received.some((m) => m.type === 'pong'), { what: 'pong (b subscribed)' });
  a.send({ type: 'publish', topic, data: announce });
  await until(() => b.publishes(topic).length === 1 && a.publishes(topic).length === 1, { what: 'fan-out' });
  assert.deepEqual(b.publishes(topic)[0], { type: 'publish', topic, data: announce, clients: 2 });
  assert.deepEqual(a.publishes(topic)[0], { type: 'publish', topic, data: announce, clients: 2 });

  // a signal with an SDP in it, unicode and all, arrives as it was sent
  const sdp = { type: 'signal', from: 'peer-b', to: 'peer-a', token: 1767222000123.42,
    signal: { type: 'offer', sdp: 'v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=-\r\na=x:\u00e9\u6f22\ud83d\ude00\r\n' } };
  b.send({ type: 'publish', topic, data: sdp });
  await until(() => a.publishes(topic).length === 2, { what: 'the signal' });
  assert.deepEqual(a.publishes(topic)[1].data, sdp);

  // after unsubscribe only the remaining subscriber gets publishes, and clients says so
  b.send({ type: 'unsubscribe', topics: [topic] });
  b.send({ type: 'ping' });
  await until(() => b.received.filter((m) => m.type === 'pong').length === 2, { what: 'second pong' });
  a.send({ type: 'publish', topic, data: { type: 'announce', from: 'peer-a' } });
  await until(() => a.publishes(topic).length === 3, { what: 'publish after unsubscribe' });
  assert.equal(a.publishes(topic)[2].clients, 1);
  assert.equal(b.publishes(topic).length, 2);
  assert.deepEqual(a.errors(), []);
  assert.deepEqual(b.errors(), []);
  a.ws.close();
  b.ws.close();
});

test('password-protected rooms: the ciphertext y-webrtc makes passes through untouched and decrypts on the other side', async () => {
  const topic = `rtc:${uniq('secret')}`;
  const key = await cryptoutils.deriveKey('correct horse', topic);
  const a = await signal(await tokenFor('alice', { 'rtc:*': 's' }));
  const b = await signal(await tokenFor('bob', { 'rtc:*': 's' }));
  a.send({ type: 'subscribe', topics: [topic] });
  b.send({ type: 'subscribe', topics: [topic] });
  const message = { type: 'announce', from: 'peer-secret' };
  const data = buffer.toBase64(await cryptoutils.encryptJson(message, key));
  b.send({ type: 'ping' });
  await until(() => b.received.some((m) => m.type === 'pong'), { what: 'pong' });
  a.send({ type: 'publish', topic, data });
  await until(() => b.publishes(topic).length === 1, { what: 'encrypted publish' });
  assert.equal(b.publishes(topic)[0].data, data);
  assert.deepEqual(await cryptoutils.decryptJson(buffer.fromBase64(b.publishes(topic)[0].data), key), message);
  a.ws.close();
  b.ws.close();
});

test('without SIGNAL on the room: subscribe and publish are refused with error messages, and nothing arrives', async () => {
  const topic = `rtc:${uniq('closed')}`;
  const member = await signal(await tokenFor('member', { 'rtc:*': 's' }));
  const outsider = await signal(await tokenFor('outsider', { 'rtc:*': 'rw' }));
  member.send({ type: 'subscribe', topics: [topic] });
  outsider.send({ type: 'subscribe', topics: [topic] });
  outsider.send({ type: 'publish', topic, data: { type: 'announce', from: 'outsider' } });
  await until(() => outsider.errors().length === 2, { what: 'two refusals' });
  const [sub, pub] = outsider.errors();
  assert.equal(sub.code, 'forbidden');
  assert.equal(sub.refused, 'subscribe');
  assert.equal(sub.topic, topic);
  assert.match(sub.message, /SIGNAL/);
  assert.equal(pub.code, 'forbidden');
  assert.equal(pub.refused, 'publish');

  member.send({ type: 'publish', topic, data: { type: 'announce', from: 'member' } });
  await until(() => member.publishes(topic).length === 1, { what: "the member's own publish" });
  assert.equal(member.publishes(topic)[0].clients, 1);
  assert.equal(member.publishes(topic).length, 1, "the outsider's announce never reached the member");
  assert.deepEqual(outsider.publishes(topic), []);
  assert.equal(outsider.ws.readyState, WebSocket.OPEN, 'refusals do not end the connection');
  member.ws.close();
  outsider.ws.close();
});

test('refusals: invalid topics, publishing without subscribing, unknown types and malformed frames', async () => {
  const topic = `rtc:${uniq('rules')}`;
  const c = await signal(await tokenFor('carol', { 'rtc:*': 's' }));
  c.send({ type: 'subscribe', topics: ['no-namespace', 42] });
  await until(() => c.errors().length === 2, { what: 'invalid topics' });
  assert.deepEqual(c.errors().map((e) => [e.code, e.refused]), [['invalid-topic', 'subscribe'], ['invalid-topic', 'subscribe']]);
  c.send({ type: 'publish', topic, data: {} });
  await until(() => c.errors().length === 3, { what: 'not subscribed' });
  assert.equal(c.errors()[2].code, 'not-subscribed');
  c.send({ type: 'shout' });
  c.ws.send('{not json');
  c.send([1, 2]);
  await until(() => c.errors().length === 6, { what: 'unknown and malformed' });
  assert.deepEqual(c.errors().slice(3).map((e) => e.code), ['unknown-type', 'malformed', 'malformed']);
  assert.equal(c.ws.readyState, WebSocket.OPEN);
  c.ws.close();
});

test('too many malformed messages close with 4400; a frame over the size limit closes with 4413', async () => {
  const c = await signal(await tokenFor('dave', { 'rtc:*': 's' }));
  for (let i = 0; i < 12; i++) c.ws.send('garbage');
  assert.equal(await c.closed, 4400);
  const big = await signal(await tokenFor('erin', { 'rtc:*': 's' }));
  big.send({ type: 'publish', topic: 'rtc:x', data: 'x'.repeat(70 * 1024) });
  assert.equal(await big.closed, 4413);
});

test('no token or a refused one: error token-invalid, then close 4401; a foreign origin is refused at the upgrade', async () => {
  const none = await signal(null);
  assert.equal(await none.closed, 4401);
  assert.equal(none.errors()[0].code, 'token-invalid');
  const bad = await signal('not-a-token');
  assert.equal(await bad.closed, 4401);
  assert.equal(bad.errors()[0].code, 'token-invalid');

  const token = await tokenFor('frank', { 'rtc:*': 's' });
  await assert.rejects(signal(token, { origin: 'http://evil.example' }), /403/);
  const allowed = await signal(token, { origin: 'http://allowed.example' });
  allowed.ws.close();
});

test('a token in the access_token cookie works as well', async () => {
  const token = await tokenFor('gina', { 'rtc:*': 's' });
  const ws = new WebSocket(SIGNALING, { headers: { cookie: `access_token=${token}` } });
  opened.push(ws);
  const received = [];
  ws.on('message', (d) => received.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.on('open', r));
  ws.send(JSON.stringify({ type: 'ping' }));
  await until(() => received.some((m) => m.type === 'pong'), { what: 'pong' });
  assert.deepEqual(received, [{ type: 'pong' }]);
  ws.close();
});

// The test server runs signaling heartbeats at 2 s with a 2 s pong timeout (integration-tests/pom.xml).
test('a client that answers no ping frames is closed with 4408; one that does stays', async () => {
  const token = await tokenFor('hank', { 'rtc:*': 's' });
  const silent = new WebSocket(`${SIGNALING}?access_token=${token}`, { autoPong: false });
  opened.push(silent);
  const silentClosed = new Promise((r) => silent.on('close', (code) => r(code)));
  const alive = await signal(token);
  assert.equal(await silentClosed, 4408);
  assert.equal(alive.ws.readyState, WebSocket.OPEN);
  alive.ws.close();
});

test('when the token expires: error token-expired, then close 4401', async () => {
  const token = await devToken({ sub: 'ida', rooms: { 'rtc:*': 's' }, ttl: 2 });
  const c = await signal(token);
  assert.equal(await c.closed, 4401);
  assert.equal(c.errors().at(-1).code, 'token-expired');
});

// The test server allows 3 peers per mesh (aqueduct.rtc.max-mesh-peers, integration-tests/pom.xml).
test('the mesh limit: one subscriber more than aqueduct.rtc.max-mesh-peers is refused with mesh-full, until one leaves', async () => {
  const topic = `rtc:${uniq('mesh')}`;
  const peers = [];
  for (let i = 0; i < 4; i++) peers.push(await signal(await tokenFor(`mesh-${i}`, { 'rtc:*': 's' })));
  for (const p of peers.slice(0, 3)) {
    p.send({ type: 'subscribe', topics: [topic] });
    p.send({ type: 'ping' });
    await until(() => p.received.some((m) => m.type === 'pong'), { what: 'subscribed' });
  }
  const late = peers[3];
  late.send({ type: 'subscribe', topics: [topic] });
  await until(() => late.errors().length === 1, { what: 'mesh-full' });
  assert.equal(late.errors()[0].code, 'mesh-full');
  assert.equal(late.errors()[0].topic, topic);
  assert.match(late.errors()[0].message, /SFU/);
  peers[0].send({ type: 'publish', topic, data: { type: 'announce', from: 'p0' } });
  await until(() => peers[1].publishes(topic).length === 1, { what: 'announce' });
  assert.equal(peers[1].publishes(topic)[0].clients, 3);

  peers[0].send({ type: 'unsubscribe', topics: [topic] });
  peers[0].send({ type: 'ping' });
  await until(() => peers[0].received.filter((m) => m.type === 'pong').length === 2, { what: 'unsubscribed' });
  late.send({ type: 'subscribe', topics: [topic] });
  late.send({ type: 'publish', topic, data: { type: 'announce', from: 'late' } });
  await until(() => peers[1].publishes(topic).length === 2, { what: "the late peer's announce" });
  assert.deepEqual(peers[1].publishes(topic)[1].data, { type: 'announce', from: 'late' });
  assert.equal(late.errors().length, 1);
  peers.forEach((p) => p.ws.close());
});

test('metrics: signaling messages by type and refusals by reason, at /metrics', async () => {
  const topic = `rtc:${uniq('metrics')}`;
  const relayed = (kind) => metricValue('aqueduct_rtc_signals_total', { transport: 'signaling', kind });
  const refused = (reason) => metricValue('aqueduct_rtc_signals_refused_total', { transport: 'signaling', reason });
  const kinds = ['subscribe', 'publish', 'unsubscribe'];
  const reasons = ['forbidden', 'not-subscribed', 'invalid-topic'];
  const before = { relayed: await Promise.all(kinds.map(relayed)), refused: await Promise.all(reasons.map(refused)) };
  const a = await signal(await tokenFor('metrics-a', { 'rtc:*': 's' }));
  const outsider = await signal(await tokenFor('metrics-b', { 'rtc:*': 'r' }));
  a.send({ type: 'subscribe', topics: [topic, 'not-a-room'] });
  a.send({ type: 'publish', topic, data: { type: 'announce', from: 'a' } });
  a.send({ type: 'publish', topic, data: { type: 'announce', from: 'a' } });
  a.send({ type: 'unsubscribe', topics: [topic] });
  a.send({ type: 'publish', topic, data: {} });
  outsider.send({ type: 'subscribe', topics: [topic] });
  await until(() => a.errors().length === 2 && outsider.errors().length === 1, { what: 'the refusals' });
  const after = { relayed: await Promise.all(kinds.map(relayed)), refused: await Promise.all(reasons.map(refused)) };
  assert.deepEqual(after.relayed.map((v, i) => v - before.relayed[i]), [1, 2, 1]);
  assert.deepEqual(after.refused.map((v, i) => v - before.refused[i]), [1, 1, 1]);
  a.ws.close();
  outsider.ws.close();
});
