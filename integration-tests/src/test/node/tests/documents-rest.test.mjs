// The documents REST API with editor bindings (docs/documents.md), next to a live Hocuspocus provider: content as
// ProseMirror JSON (what y-prosemirror reads from the provider's document), replacing it live, versions, diffs,
// restoring and branching, and the permissions each needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema, Node } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { BASE, devToken } from '../lib/aqueduct.mjs';
import { hocuspocus, serverDoc, close, Y, until } from '../lib/yjs.mjs';

const schema = new Schema({ nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block'), marks: basic.spec.marks });
const uniq = (name) => `doc:${name}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const FIELD = 'default'; // Tiptap's, the prosemirror binding's default

async function api(method, path, token, body) {
  const r = await fetch(`${BASE}/api/v1/documents/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

// what y-prosemirror reads from a client's document, as plain JSON (ProseMirror's attrs objects have no prototype)
const yjson = (doc) => JSON.parse(JSON.stringify(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(FIELD))));
const pmOf = (doc) => JSON.stringify(yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(FIELD), schema).toJSON());
const pmJson = (json) => JSON.stringify(Node.fromJSON(schema, json).toJSON());

const paragraph = (...texts) => ({ type: 'paragraph', content: texts });
const text = (t, ...marks) => ({ type: 'text', text: t, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });

async function editor(room, sub, grants = 'rwp') {
  const client = await hocuspocus(room, sub, grants);
  await until(() => client.provider.synced, { what: 'hocuspocus sync' });
  return client;
}

// waits until the server's copy has everything the client has
async function stored(client, token) {
  const want = JSON.stringify(yjson(client.doc));
  await until(async () => {
    const d = await serverDoc(client.provider.configuration.name, token);
    const same = JSON.stringify(yjson(d)) === want;
    d.destroy();
    return same;
  }, { what: 'the server copy' });
}

test('GET returns what y-prosemirror reads from the editor, and PUT is seen live by the editor', async () => {
  const room = uniq('rest-content');
  const alice = await editor(room, 'alice');
  try {
    prosemirrorJSONToYXmlFragment(schema, {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [text('Title')] },
        paragraph(text('Hello '), text('bold', 'strong'), text(' and '), text('both', 'em', 'strong')),
        { type: 'bullet_list', content: [{ type: 'list_item', content: [paragraph(text('item'))] }] },
      ],
    }, alice.doc.getXmlFragment(FIELD));
    // and an edit the way a Y.Text client formats: the value true
    alice.doc.getXmlFragment(FIELD).get(1).get(0).format(0, 5, { em: true });
    await stored(alice, alice.token);
    const got = await api('GET', `${room}?binding=prosemirror`, alice.token);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, yjson(alice.doc));
    assert.deepEqual((await api('GET', room, alice.token)).json, got.json, 'prosemirror is the default binding');

    const replacement = { type: 'doc', content: [paragraph(text('Replaced '), text('over REST', 'em')), paragraph()] };
    const put = await api('PUT', `${room}?binding=prosemirror`, alice.token, replacement);
    assert.deepEqual([put.status, put.json], [200, { changed: true }]);
    await until(() => pmOf(alice.doc) === pmJson(replacement), { what: 'the editor sees the PUT' });
    assert.deepEqual((await api('PUT', room, alice.token, replacement)).json, { changed: false });

    const bad = await api('PUT', room, alice.token, { type: 'doc', content: 'nope' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.type, 'urn:aqueduct:problem:invalid-content');
    assert.equal((await api('GET', `${room}?binding=markdown`, alice.token)).status, 400);
    assert.equal((await api('GET', `${uniq('never')}`, alice.token)).status, 404);
  } finally {
    close(alice);
  }
});

test('the text binding reads and replaces a Y.Text live', async () => {
  const room = uniq('rest-text');
  const alice = await editor(room, 'alice');
  try {
    alice.doc.getText('text').insert(0, 'typed by alice');
    await until(async () => (await api('GET', `${room}?binding=text`, alice.token)).json?.text === 'typed by alice',
      { what: 'the text over REST' });
    const put = await api('PUT', `${room}?binding=text`, alice.token, { text: 'from REST' });
    assert.deepEqual(put.json, { changed: true });
    await until(() => alice.doc.getText('text').toString() === 'from REST', { what: 'the editor sees the text' });
  } finally {
    close(alice);
  }
});

test('versions: content, diff, restore as a live change, branch into a new document', async () => {
  const room = uniq('rest-versions');
  const alice = await editor(room, 'alice');
  const branchRoom = uniq('rest-branch');
  let reader;
  let branchEditor;
  try {
    prosemirrorJSONToYXmlFragment(schema, {
      type: 'doc', content: [paragraph(text('The quick fox')), paragraph(text('jumps over'))],
    }, alice.doc.getXmlFragment(FIELD));
    await stored(alice, alice.token);
    const atVersion = yjson(alice.doc);
    const saved = await api('POST', `${room}/versions`, alice.token, { name: 'first draft' });
    assert.equal(saved.status, 200);
    const v = saved.json.id;
    assert.deepEqual((await api('GET', `${room}/versions/${v}/content`, alice.token)).json, atVersion);

    // the editor changes the first paragraph: "The quick fox" -> "quick, brown fox"
    const first = alice.doc.getXmlFragment(FIELD).get(0).get(0);
    alice.doc.transact(() => {
      first.insert(9, ', brown');
      first.delete(0, 4);
    });
    await stored(alice, alice.token);
    const diff = await api('GET', `${room}/diff?from=${v}&to=current`, alice.token);
    assert.equal(diff.status, 200);
    assert.deepEqual(diff.json, {
      from: v, to: 'current', binding: 'prosemirror',
      types: [{ name: FIELD, added: [{ at: 5, text: ', brown' }], removed: [{ at: 0, text: 'The ' }] }],
    });
    const back = await api('GET', `${room}/diff?from=current&to=${v}`, alice.token);
    assert.deepEqual(back.json.types[0].added, [{ at: 0, text: 'The ' }]);
    assert.deepEqual(back.json.types[0].removed, [{ at: 5, text: ', brown' }]);
    assert.equal((await api('GET', `${room}/diff?from=${v}&to=no-such-version`, alice.token)).status, 404);

    // restore: an ordinary update on top, seen live by the editor
    const restored = await api('POST', `${room}/versions/${v}/restore`, alice.token);
    assert.deepEqual([restored.status, restored.json], [200, { changed: true, version: v }]);
    await until(() => JSON.stringify(yjson(alice.doc)) === JSON.stringify(atVersion), { what: 'the editor sees the restore' });
    await stored(alice, alice.token);
    const afterRestore = await api('GET', `${room}/diff?from=${v}&to=current`, alice.token);
    assert.deepEqual(afterRestore.json.types[0], { name: FIELD, added: [], removed: [] });
    assert.equal((await api('GET', `${room}/versions`, alice.token)).json.versions.length, 1, 'history is not rewritten');

    // branch: a new document with the version's content
    const branched = await api('POST', `${room}/versions/${v}/branch`, alice.token, { document: branchRoom });
    assert.deepEqual([branched.status, branched.json], [201, { document: branchRoom, from: room, version: v }]);
    assert.deepEqual((await api('GET', branchRoom, alice.token)).json, atVersion);
    branchEditor = await editor(branchRoom, 'bob');
    await until(() => JSON.stringify(yjson(branchEditor.doc)) === JSON.stringify(atVersion), { what: 'the branch in an editor' });
    const again = await api('POST', `${room}/versions/${v}/branch`, alice.token, { document: branchRoom });
    assert.equal(again.status, 409);
    assert.equal(again.json.type, 'urn:aqueduct:problem:document-exists');
    assert.equal((await api('POST', `${room}/versions/${v}/branch`, alice.token, { document: room })).status, 409);

    // a READ-only token reads but cannot change anything
    reader = await devToken({ sub: 'reader', rooms: { 'doc:*': 'r' } });
    assert.equal((await api('GET', room, reader)).status, 200);
    assert.equal((await api('GET', `${room}/versions/${v}/content`, reader)).status, 200);
    assert.equal((await api('GET', `${room}/diff?from=${v}&to=current`, reader)).status, 200);
    const denied = await api('PUT', room, reader, { type: 'doc', content: [] });
    assert.deepEqual([denied.status, denied.json.action], [403, 'WRITE']);
    assert.equal((await api('POST', `${room}/versions/${v}/restore`, reader)).status, 403);
    assert.equal((await api('POST', `${room}/versions/${v}/branch`, reader, { document: uniq('rest-denied') })).status, 403);
    const outsider = await devToken({ sub: 'outsider', rooms: { 'chat:*': 'rw' } });
    assert.equal((await api('GET', room, outsider)).status, 403);
    assert.deepEqual(yjson(alice.doc), atVersion, 'nothing changed by the refused calls');
  } finally {
    close(alice, ...(branchEditor ? [branchEditor] : []));
  }
});
