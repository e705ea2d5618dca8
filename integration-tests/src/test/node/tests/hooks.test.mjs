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
