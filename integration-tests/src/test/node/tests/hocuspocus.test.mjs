// Unmodified @hocuspocus/provider clients (npm) against WS /collab, together with y-websocket providers on the same
// documents: authentication and scopes, SyncStatus, awareness, stateless messages, several documents per socket,
// and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { devToken } from '../lib/aqueduct.mjs';
import { provider, hocuspocus, synced, serverDoc, close, COLLAB_URL, Y, until } from '../lib/yjs.mjs';

const uniq = (name) => `doc:${name}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const hocuspocusSynced = (...clients) => Promise.all(clients.map(({ provider: p }) => until(() => p.synced,
  { what: 'hocuspocus sync' })));

test('three y-websocket and two Hocuspocus providers edit one document and converge with the server copy', async () => {
  const room = uniq('mixed');
  const ys = await Promise.all([0, 1, 2].map((i) => provider(room, `y-${i}`)));
  const hs = await Promise.all([0, 1].map((i) => hocuspocus(room, `h-${i}`)));
  const all = [...ys, ...hs];
  try {
    await synced(...ys);
    await hocuspocusSynced(...hs);
    assert.deepEqual(hs.map((h) => h.events.authenticated), [['read-write'], ['read-write']]);
    for (let round = 0; round < 20; round++) {
      all.forEach(({ doc }, i) => doc.transact(() => {
        const t = doc.getText('text');
        t.insert(Math.min(t.length, round * 2), `<${i}:${round}>`);
        doc.getMap('by').set(`c${i}`, round);
      }));
    }
    const expected = new Y.Doc();
    all.forEach(({ updates }) => updates.forEach((u) => Y.applyUpdate(expected, u)));
    const want = expected.getText('text').toString();
    await until(() => all.every(({ doc }) => doc.getText('text').toString() === want), { what: 'convergence' });
    // every change was acknowledged to the Hocuspocus providers (SyncStatus)
    await until(() => hs.every(({ provider: p }) => p.unsyncedChanges === 0), { what: 'SyncStatus acks' });
    const server = await serverDoc(room, ys[0].token);
    assert.equal(server.getText('text').toString(), want);
    assert.deepEqual(server.getMap('by').toJSON(), expected.getMap('by').toJSON());
  } finally {
    close(...all);
  }
});

test('awareness crosses protocols and is removed when a Hocuspocus provider leaves', async () => {
  const room = uniq('aware');
  const y = await provider(room, 'y-user');
  const h = await hocuspocus(room, 'h-user');
  try {
    await synced(y);
    await hocuspocusSynced(h);
    y.provider.awareness.setLocalStateField('user', { name: 'Y' });
    h.provider.setAwarenessField('user', { name: 'H' });
    await until(() => y.provider.awareness.getStates().get(h.doc.clientID)?.user?.name === 'H', { what: 'H seen by Y' });
    await until(() => h.provider.awareness.getStates().get(y.doc.clientID)?.user?.name === 'Y', { what: 'Y seen by H' });
    const gone = h.doc.clientID;
    close(h);
    await until(() => !y.provider.awareness.getStates().has(gone), { what: 'H removed' });
  } finally {
    close(y);
  }
});

test('read-only scope: the provider is told readonly, its updates get SyncStatus false and reach nobody', async () => {
  const room = uniq('ro');
  const writer = await hocuspocus(room, 'writer');
  const reader = await hocuspocus(room, 'reader', 'r');
  try {
    await hocuspocusSynced(writer, reader);
    assert.deepEqual(reader.events.authenticated, ['readonly']);
    writer.doc.getText('text').insert(0, 'official');
    await until(() => reader.doc.getText('text').toString() === 'official', { what: 'reader sync' });
    reader.doc.getText('text').insert(0, 'forged ');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(writer.doc.getText('text').toString(), 'official');
    assert.ok(reader.provider.unsyncedChanges > 0, 'the refused update stays unsynced on the reader');
    assert.equal((await serverDoc(room, writer.token)).getText('text').toString(), 'official');
  } finally {
    close(writer, reader);
  }
});

test('no READ, or a bad token: authentication failed, nothing synced', async () => {
  const room = uniq('denied');
  const outsider = await hocuspocus(room, 'outsider', '', {});
  const bad = await hocuspocus(room, 'bad', 'rwp', { token: 'not-a-token' });
  try {
    await until(() => outsider.events.failed.length > 0 && bad.events.failed.length > 0, { what: 'denials' });
    assert.match(outsider.events.failed[0], /READ/);
    assert.equal(outsider.provider.synced, false);
    assert.equal(bad.provider.synced, false);
  } finally {
    close(outsider, bad);
  }
});

test('two documents share one socket, and stateless messages reach the other providers of a document', async () => {
  const a = uniq('multi-a');
  const b = uniq('multi-b');
  const first = await hocuspocus(a, 'multi');
  const second = await hocuspocus(b, 'multi', 'rwp', { socket: first.socket });
  const peer = await hocuspocus(a, 'peer');
  try {
    await hocuspocusSynced(first, second, peer);
    first.doc.getText('text').insert(0, 'in a');
    second.doc.getText('text').insert(0, 'in b');
    await until(() => peer.doc.getText('text').toString() === 'in a', { what: 'doc a' });
    assert.equal((await serverDoc(b, first.token)).getText('text').toString(), 'in b');
    assert.equal((await serverDoc(a, first.token)).getText('text').toString(), 'in a');
    first.provider.sendStateless(JSON.stringify({ cursor: 7 }));
    await until(() => peer.events.stateless.length === 1, { what: 'stateless' });
    assert.deepEqual(JSON.parse(peer.events.stateless[0]), { cursor: 7 });
    assert.equal(second.events.stateless.length, 0);
  } finally {
    close(peer, second, first);
  }
});

test('garbage after authentication closes the socket (4400); too much before authentication resets it (4205)', async () => {
  const rawSocket = () => {
    const ws = new WebSocket(COLLAB_URL);
    ws.binaryType = 'nodebuffer';
    const received = [];
    ws.on('message', (d) => received.push(new Uint8Array(d)));
    const closed = new Promise((r) => ws.on('close', (code) => r(code)));
    const opened = new Promise((r) => ws.on('open', r));
    return { ws, received, closed, opened };
  };
  const frame = (name, write) => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, name);
    write(e);
    return encoding.toUint8Array(e);
  };
  const name = uniq('garbage');
  const token = await devToken({ sub: 'raw', rooms: { 'doc:*': 'rwp' } });
  const garbage = rawSocket();
  await garbage.opened;
  garbage.ws.send(frame(name, (e) => {
    encoding.writeVarUint(e, 2); // auth
    encoding.writeVarUint(e, 0); // token
    encoding.writeVarString(e, token);
  }));
  // the answer: Authenticated (auth message type 2) with the scope
  await until(() => garbage.received.some((m) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarString(d) === name && decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 2
      && decoding.readVarString(d) === 'read-write';
  }), { what: 'Authenticated' });
  garbage.ws.send(frame(name, (e) => {
    encoding.writeVarUint(e, 0); // sync
    encoding.writeVarUint(e, 2); // update
    encoding.writeVarUint(e, 1 << 20); // a length far beyond the frame
  }));
  assert.equal(await garbage.closed, 4400);

  const flood = rawSocket();
  await flood.opened;
  // one document more waiting for its token than a socket may have (100); no more than that, so the server has read
  // everything when it closes (unread input would make its TCP stack reset the connection instead: 1006)
  const chunk = new Uint8Array(256);
  for (let i = 0; i < 101 && flood.ws.readyState === WebSocket.OPEN; i++) {
    flood.ws.send(frame(uniq('flood'), (e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, chunk);
    }));
  }
  assert.equal(await flood.closed, 4205);
});
