// Replays an editing trace on Yjs exactly like TraceBench does on the Java engine and prints one
// JSON line. Usage: node --expose-gc yjs-bench.mjs trace.json.gz local|sync
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

const file = process.argv[2]
const sync = process.argv[3] === 'sync'
const trace = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'))
const pos = []; const del = []; const ins = []
for (const tx of trace.txns) for (const [p, d, i] of tx.patches) { pos.push(p); del.push(d); ins.push(i) }

const replay = () => {
  const doc = new Y.Doc()
  doc.clientID = 1
  const text = doc.getText('text')
  let remote = null
  if (sync) {
    remote = new Y.Doc()
    remote.clientID = 2
    remote.getText('text')
    doc.on('update', u => Y.applyUpdate(remote, u))
  }
  for (let i = 0; i < pos.length; i++) {
    if (del[i] > 0) text.delete(pos[i], del[i])
    if (ins[i] !== '') text.insert(pos[i], ins[i])
  }
  if (text.toString() !== trace.endContent) throw new Error('replay result differs from endContent')
  if (remote !== null && remote.getText('text').toString() !== trace.endContent) throw new Error('remote differs')
  return doc
}
const now = () => Number(process.hrtime.bigint()) / 1e6
let t0 = now()
let doc = replay()
const cold = now() - t0
replay(); replay()
t0 = now()
doc = replay()
const warm = now() - t0
const v1 = Y.encodeStateAsUpdate(doc)
const v2 = Y.encodeStateAsUpdateV2(doc)
// parse: load the encoded document into a fresh one. First parse in the process, then the
// median of 21 parses after 30 warm-up parses.
const parses = []
for (let i = 0; i < 51; i++) {
  const p0 = now()
  const d = new Y.Doc()
  Y.applyUpdate(d, v1)
  if (d.getText('text').length !== trace.endContent.length) throw new Error('parse mismatch')
  parses.push(now() - p0)
}
const parseFirst = parses[0]
const warmParses = parses.slice(30).sort((a, b) => a - b)
const parse = warmParses[10]
doc = null
const heap = () => { for (let i = 0; i < 4; i++) global.gc(); return process.memoryUsage().heapUsed }
const base = heap()
const kept = new Y.Doc()
Y.applyUpdate(kept, v1)
kept.getText('text').length
const retained = heap() - base
if (kept.getText('text').length < 0) console.log()
console.log(JSON.stringify({ impl: 'yjs', trace: file.replace(/.*\//, ''), mode: sync ? 'sync' : 'local', coldMs: cold, warmMs: warm, v1Bytes: v1.length, v2Bytes: v2.length, parseMs: parse, parseFirstMs: parseFirst, heapBytes: retained }))
