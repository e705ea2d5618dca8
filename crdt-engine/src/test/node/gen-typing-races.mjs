// Two replicas typing into one Y.Text, one character per transaction, each mostly right after its
// own previous character, with the other replica's edits arriving in between (often right at the
// typing position). No observers. Prints, per step, the operation, the updates the replica emitted
// (V1, base64) and at the end every replica's state.
// Usage: node gen-typing-races.mjs <seed> <steps>
import * as Y from 'yjs'

const seed = Number(process.argv[2] || 1)
const steps = Number(process.argv[3] || 500)
let a = seed >>> 0
const rnd = () => {
  a = (a + 0x6D2B79F5) >>> 0
  let t = a
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = n => Math.floor(rnd() * n)
const b64 = u => Buffer.from(u).toString('base64')

const docs = [0, 1].map(r => {
  const d = new Y.Doc({ gc: r === 0 })
  d.clientID = 10 + r
  d.getText('text')
  return d
})
const cursors = [0, 0]
const outbox = [[], []]
const delivered = [0, 0]
let emitted = []
docs.forEach((d, r) => d.on('update', u => { emitted.push(b64(u)); outbox[r].push(u) }))
const events = []
for (let s = 0; s < steps; s++) {
  const r = int(2)
  const text = docs[r].getText('text')
  const c = rnd()
  emitted = []
  let ev
  if (c < 0.3) {
    const from = 1 - r
    const n = int(outbox[from].length - delivered[r] + 1)
    const us = outbox[from].slice(delivered[r], delivered[r] + n)
    delivered[r] += n
    const merged = us.length > 1 && rnd() < 0.3
    const u = merged ? Y.mergeUpdates(us) : null
    const applied = merged ? [u] : us
    ev = { r, op: 'apply', us: applied.map(b64) }
    // the own updates caused by applying are not sent on (the other replica has their content)
    const own = outbox[r].length
    for (const x of applied) Y.applyUpdate(docs[r], x)
    outbox[r].length = own
  } else {
    const len = text.length
    if (c < 0.4) cursors[r] = int(len + 1)
    cursors[r] = Math.min(cursors[r], len)
    if (c < 0.9 || len === 0) {
      const ch = 'abcxyz'[int(6)]
      ev = { r, op: 'insert', args: [cursors[r], ch] }
      text.insert(cursors[r], ch)
      cursors[r]++
    } else {
      const at = Math.max(0, cursors[r] - 1)
      ev = { r, op: 'delete', args: [at, 1] }
      text.delete(at, 1)
      cursors[r] = at
    }
  }
  ev.emit = emitted
  events.push(ev)
}
process.stdout.write(JSON.stringify({
  events,
  states: docs.map(d => ({ v1: b64(Y.encodeStateAsUpdate(d)), text: d.getText('text').toString() }))
}))
