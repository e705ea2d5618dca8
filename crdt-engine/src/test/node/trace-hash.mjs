// Replays an editing trace on Yjs (client id 1, one transaction per patch) and prints a SHA-256 of
// every per-transaction V1 update, plus the final state (V1, V2). Usage: node trace-hash.mjs file.json.gz
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'

const trace = JSON.parse(gunzipSync(readFileSync(process.argv[2])).toString('utf8'))
const doc = new Y.Doc()
doc.clientID = 1
const text = doc.getText('text')
const h = createHash('sha256')
let n = 0
doc.on('update', u => { h.update(u); n++ })
for (const tx of trace.txns) {
  for (const [pos, del, ins] of tx.patches) {
    if (del > 0) text.delete(pos, del)
    if (ins !== '') text.insert(pos, ins)
  }
}
process.stdout.write(JSON.stringify({
  updates: n,
  updatesSha256: h.digest('hex'),
  v1Sha256: createHash('sha256').update(Y.encodeStateAsUpdate(doc)).digest('hex'),
  v2Sha256: createHash('sha256').update(Y.encodeStateAsUpdateV2(doc)).digest('hex')
}))
