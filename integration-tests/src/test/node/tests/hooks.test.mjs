// Lifecycle hook plugins veto what has not happened yet. The test server has the example word-filter hook in the
// EAR's lib/ folder, configured to refuse room-bus messages containing "forbidden-word".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scope, uniq, sleep } from '../lib/ws-client.mjs';

test('a hook vetoes a message: the publisher gets forbidden with the reason, nobody receives it', async (t) => {
  const s = scope(t);
  const room = `chat:${uniq('hook')}`;
  const publisher = await s.open(await s.user({ 'chat:*': 'rwp' }));
  const reader = await s.open(await s.user({ 'chat:*': 'r' }));
  await reader.join(room);

  const vetoed = await publisher.request({ op: 'pub', room, id: 'bad-1', payload: { text: 'a Forbidden-Word here' } });
  assert.equal(vetoed.op, 'error');
  assert.equal(vetoed.code, 'forbidden');
  assert.equal(vetoed.refused, 'pub');
  assert.match(vetoed.message, /not allowed/);

  const ok = await publisher.pub(room, 'good-1', { text: 'a harmless word' });
  const got = await reader.next((m) => m.op === 'msg' && m.room === room);
  assert.equal(got.seq, ok.seq);
  assert.deepEqual(got.payload, { text: 'a harmless word' });
  await sleep(300);
  const delivered = reader.all((m) => m.op === 'msg').map((m) => m.payload.text);
  assert.deepEqual(delivered, ['a harmless word']);
  // the vetoed message took no seq: the accepted one directly follows the room's start
  assert.equal(ok.seq, 1);
});

test('a hook vetoes document changes: y-websocket is refused (4403), Hocuspocus gets SyncStatus 0; nothing is stored',
  async () => {
    const { provider, hocuspocus, synced, serverDoc, close, until } = await import('../lib/yjs.mjs');
    const room = `doc:${uniq('hook')}`;
    const y = await provider(room, 'y-writer');
    const h = await hocuspocus(room, 'h-writer');
    const closes = [];
    y.provider.on('connection-close', (e) => closes.push(e?.code));
    try {
      await synced(y);
      await until(() => h.provider.synced, { what: 'hocuspocus sync' });
      h.doc.getText('text').insert(0, 'kept ');
      await until(async () => (await serverDoc(room, h.token)).getText('text').toString() === 'kept ', { what: 'kept' });
      h.doc.getText('text').insert(5, 'a forbidden-word ');
      await until(() => h.events.failed.some((r) => /not allowed/.test(r)), { what: 'Hocuspocus refusal' });
      y.doc.getText('text').insert(0, 'forbidden-word too ');
      await until(() => closes.includes(4403), { what: 'y-websocket close 4403' });
      const server = (await serverDoc(room, h.token)).getText('text').toString();
      assert.equal(server, 'kept ');
    } finally {
      close(y, h);
    }
  });

test('a hook vetoes a REST publish with 403 problem+json; the SSE/REST path goes through the same hooks', async () => {
  const { BASE, devToken } = await import('../lib/aqueduct.mjs');
  const token = await devToken({ sub: uniq('rest'), rooms: { 'chat:*': 'rw' } });
  const room = `chat:${uniq('hook')}`;
  const post = (data) => fetch(`${BASE}/api/v1/rooms/${room}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 't', data }),
  });
  const refused = await post({ text: 'FORBIDDEN-WORD inside' });
  assert.equal(refused.status, 403);
  assert.match(refused.headers.get('content-type'), /application\/problem\+json/);
  const problem = await refused.json();
  assert.equal(problem.type, 'urn:aqueduct:problem:vetoed');
  assert.match(problem.detail, /not allowed/);
  const ok = await post({ text: 'fine' });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).seq, 1);
});
