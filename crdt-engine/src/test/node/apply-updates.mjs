// Applies updates produced elsewhere (e.g. by the Java engine) to fresh Yjs documents and prints
// the resulting states. stdin: JSON [{updates: [base64...], v2: boolean, gc: boolean}]
import * as Y from 'yjs'

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const b64 = u => Buffer.from(u).toString('base64')
const out = input.map(d => {
  const doc = new Y.Doc({ gc: d.gc !== false })
  for (const name of (d.types || [])) {
    const [kind, key] = name.split(':')
    if (kind === 'text') doc.getText(key)
    else if (kind === 'array') doc.getArray(key)
    else if (kind === 'map') doc.getMap(key)
    else doc.getXmlFragment(key)
  }
  for (const u of d.updates) {
    const bytes = Buffer.from(u, 'base64')
    if (d.v2) Y.applyUpdateV2(doc, bytes); else Y.applyUpdate(doc, bytes)
  }
  return {
    json: JSON.stringify(doc.toJSON()),
    v1: b64(Y.encodeStateAsUpdate(doc)),
    v2: b64(Y.encodeStateAsUpdateV2(doc)),
    sv: b64(Y.encodeStateVector(doc)),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  }
})
process.stdout.write(JSON.stringify(out))
