// Yjs reference results of the document-free update utilities and snapshots.
// stdin: JSON {updates: [base64 V1...], sv: base64}; stdout: JSON of results (base64).
import * as Y from 'yjs'

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const b64 = u => Buffer.from(u).toString('base64')
const unb64 = s => new Uint8Array(Buffer.from(s, 'base64'))
const updates = input.updates.map(unb64)
const updatesV2 = updates.map(u => Y.convertUpdateFormatV1ToV2(u))
const sv = unb64(input.sv)
const merged = Y.mergeUpdates(updates)
const mergedV2 = Y.mergeUpdatesV2(updatesV2)
const metaOf = m => ({ from: Object.fromEntries(m.from), to: Object.fromEntries(m.to) })
const doc = new Y.Doc({ gc: false })
for (const u of updates) Y.applyUpdate(doc, u)
const snap = Y.snapshot(doc)
const target = new Y.Doc()
target.getText('text'); target.getArray('array'); target.getMap('map'); target.getXmlFragment('xml')
const fromSnap = Y.createDocFromSnapshot(doc, Y.decodeSnapshot(unb64(input.snapshot)), target)
process.stdout.write(JSON.stringify({
  v2: updatesV2.map(b64),
  backToV1: updatesV2.map(u => b64(Y.convertUpdateFormatV2ToV1(u))),
  merged: b64(merged),
  mergedV2: b64(mergedV2),
  mergedSubsets: updates.map((_, i) => b64(Y.mergeUpdates(updates.slice(0, i + 1).reverse()))),
  diff: b64(Y.diffUpdate(merged, sv)),
  diffV2: b64(Y.diffUpdateV2(mergedV2, sv)),
  svFromUpdate: b64(Y.encodeStateVectorFromUpdate(merged)),
  svFromUpdateV2: b64(Y.encodeStateVectorFromUpdateV2(mergedV2)),
  svPerUpdate: updates.map(u => b64(Y.encodeStateVectorFromUpdate(u))),
  meta: metaOf(Y.parseUpdateMeta(merged)),
  metaPerUpdate: updates.map(u => metaOf(Y.parseUpdateMeta(u))),
  snapshot: b64(Y.encodeSnapshot(snap)),
  snapshotV2: b64(Y.encodeSnapshotV2(snap)),
  fromSnapshotJson: JSON.stringify(fromSnap.toJSON()),
  fromSnapshotState: b64(Y.encodeStateAsUpdate(fromSnap)),
  deltaAtSnapshot: JSON.stringify(doc.getText('text').toDelta(Y.decodeSnapshot(unb64(input.snapshot)))),
  deltaDiff: JSON.stringify(doc.getText('text').toDelta(snap, Y.decodeSnapshot(unb64(input.snapshot))))
}))
