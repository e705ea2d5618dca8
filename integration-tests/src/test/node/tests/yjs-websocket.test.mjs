// Unmodified y-websocket providers (npm) against WS /yjs/{room}: sync, convergence with the server's copy,
// awareness, permissions, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { devToken } from '../lib/aqueduct.mjs';
import { provider, synced, serverDoc, rawYjsSocket, close, Y, until } from '../lib/yjs.mjs';

const uniq = (name) => `doc:${name}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

test('three y-websocket providers edit concurrently and converge with the server copy', async () => {
  const room = uniq('converge');
  const clients = await Promise.all([0, 1, 2].map((i) => provider(room, `writer-${i}`)));
  try {
    await synced(...clients);
    for (let round = 0; round < 30; round++) {
      clients.forEach(({ doc }, i) => {
        doc.transact(() => {
          doc.getText('text').insert(Math.min(round, doc.getText('text').length), `[${i}.${round}]`);
          doc.getMap('meta').set(`k${i}`, round);
          doc.getArray('list').push([{ by: i, round }]);
        });
      });
    }
    // what every client produced, merged by Yjs itself: the expected document
    const expected = new Y.Doc();
    clients.forEach(({ updates }) => updates.forEach((u) => Y.applyUpdate(expected, u)));
    const want = expected.getText('text').toString();
    await until(() => clients.every(({ doc }) => doc.getText('text').toString() === want), { what: 'convergence' });
    for (const { doc } of clients) {
      assert.deepEqual(doc.getMap('meta').toJSON(), expected.getMap('meta').toJSON());
      assert.deepEqual(doc.getArray('list').toJSON(), expected.getArray('list').toJSON());
    }
    const server = await serverDoc(room, clients[0].token);
    assert.equal(server.getText('text').toString(), want);
    assert.deepEqual(server.getArray('list').toJSON(), expected.getArray('list').toJSON());
    assert.deepEqual(Y.encodeStateVector(server), Y.encodeStateVector(expected));

    // a late joiner gets the whole document from the server
    const late = await provider(room, 'late-reader', 'r');
    await synced(late);
    assert.equal(late.doc.getText('text').toString(), want);
    close(late);
  } finally {
    close(...clients);
  }
});

test('awareness reaches the others and disappears when a provider disconnects', async () => {
  const room = uniq('awareness');
  const clients = await Promise.all(['ann', 'ben', 'cid'].map((name) => provider(room, name)));
  try {
    clients.forEach(({ provider: p }, i) => p.awareness.setLocalStateField('user', { name: `user-${i}` }));
    await synced(...clients);
    await until(() => clients.every(({ provider: p }) => p.awareness.getStates().size === 3), { what: 'awareness' });
    const seenByFirst = [...clients[0].provider.awareness.getStates().values()].map((s) => s.user?.name).sort();
    assert.deepEqual(seenByFirst, ['user-0', 'user-1', 'user-2']);
    const leaving = clients[2].doc.clientID;
    close(clients[2]);
    await until(() => clients.slice(0, 2).every(({ provider: p }) => !p.awareness.getStates().has(leaving)),
      { what: 'awareness removal' });
  } finally {
    close(...clients);
  }
});

test('a read-only provider syncs but its edits are refused and reach nobody', async () => {
  const room = uniq('readonly');
  const writer = await provider(room, 'editor');
  const reader = await provider(room, 'viewer', 'r');
  try {
    await synced(writer, reader);
    writer.doc.getText('text').insert(0, 'from the editor');
    await until(() => reader.doc.getText('text').toString() === 'from the editor', { what: 'reader sync' });
    reader.doc.getText('text').insert(0, 'VANDAL ');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(writer.doc.getText('text').toString(), 'from the editor');
    const server = await serverDoc(room, writer.token);
    assert.equal(server.getText('text').toString(), 'from the editor');
  } finally {
    close(writer);
    close(reader);
  }
});

test('no READ: permission denied and close 4403; bad token: 4401; nothing is loaded for them', async () => {
  const room = uniq('forbidden');
  const outsider = await devToken({ sub: 'outsider', rooms: { 'chat:*': 'rwp' } });
  const denied = rawYjsSocket(room, outsider);
  const { code } = await denied.closed;
  assert.equal(code, 4403);
  const first = decoding.createDecoder(denied.received[0]);
  assert.equal(decoding.readVarUint(first), 2); // auth message
  assert.equal(decoding.readVarUint(first), 0); // permission denied
  assert.match(decoding.readVarString(first), /READ/);

  const bad = rawYjsSocket(room, 'not-a-token');
  assert.equal((await bad.closed).code, 4401);
  const none = rawYjsSocket(room, null);
  assert.equal((await none.closed).code, 4401);
});

test('malformed, truncated and oversized input closes the socket and leaves the document intact', async () => {
  const room = uniq('garbage');
  const writer = await provider(room, 'keeper');
  try {
    await synced(writer);
    writer.doc.getText('text').insert(0, 'intact');
    await until(async () => (await serverDoc(room, writer.token)).getText('text').toString() === 'intact',
      { what: 'stored' });
    const token = writer.token;

    const send = async (bytes) => {
      const s = rawYjsSocket(room, token);
      await s.opened;
      s.ws.send(bytes);
      return (await s.closed).code;
    };
    // an unknown message type
    assert.equal(await send(Uint8Array.of(9, 1, 2)), 4400);
    // a sync update whose Yjs update is cut in half
    const other = new Y.Doc();
    other.getText('text').insert(0, 'this must never arrive');
    const full = Y.encodeStateAsUpdate(other);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    syncProtocol.writeUpdate(enc, full.slice(0, Math.floor(full.length / 2)));
    assert.equal(await send(encoding.toUint8Array(enc)), 4400);
    // text frames are not y-websocket messages
    assert.equal(await send('hello'), 4400);
    // an awareness update far over the limit
    const aw = new awarenessProtocol.Awareness(new Y.Doc());
    aw.setLocalState({ blob: 'x'.repeat(64 * 1024) });
    const ae = encoding.createEncoder();
    encoding.writeVarUint(ae, 1);
    encoding.writeVarUint8Array(ae, awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID]));
    aw.destroy();
    assert.equal(await send(encoding.toUint8Array(ae)), 4413);

    const server = await serverDoc(room, token);
    assert.equal(server.getText('text').toString(), 'intact');
    assert.equal(writer.doc.getText('text').toString(), 'intact');
  } finally {
    close(writer);
  }
});

test('a provider cannot speak for another client id in awareness', async () => {
  const room = uniq('spoof');
  const victim = await provider(room, 'victim');
  const watcher = await provider(room, 'watcher');
  try {
    victim.provider.awareness.setLocalStateField('user', { name: 'victim' });
    await synced(victim, watcher);
    await until(() => watcher.provider.awareness.getStates().get(victim.doc.clientID)?.user?.name === 'victim',
      { what: 'victim awareness' });
    const token = await devToken({ sub: 'mallory', rooms: { 'doc:*': 'rwp' } });
    const s = rawYjsSocket(room, token);
    await s.opened;
    // an awareness update claiming the victim's client id with a newer clock
    const fake = new awarenessProtocol.Awareness(new Y.Doc());
    fake.clientID = victim.doc.clientID;
    fake.meta.set(fake.clientID, { clock: 1000, lastUpdated: Date.now() });
    fake.states.set(fake.clientID, { user: { name: 'mallory' } });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(fake, [fake.clientID]));
    fake.destroy();
    s.ws.send(encoding.toUint8Array(e));
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(watcher.provider.awareness.getStates().get(victim.doc.clientID)?.user?.name, 'victim');
    s.ws.close();
  } finally {
    close(victim);
    close(watcher);
  }
});
