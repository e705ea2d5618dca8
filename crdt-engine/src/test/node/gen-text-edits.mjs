// One editor working on a long Y.Text, mostly typing and deleting near the last position and
// sometimes jumping, every operation its own transaction. "plain" sessions insert text and embeds
// and delete (Yjs keeps using its search markers on such a text, so positions come from markers
// that moved a lot); "rich" sessions also format (Yjs stops using markers at the first format).
// Prints the operations, the updates Yjs emitted for each (V1, base64; none when nothing changed),
// the final delta and state, and the state of a second document that applied every update.
// Usage: node gen-text-edits.mjs <seed> <operations> plain|rich
import * as Y from 'yjs'

const seed = Number(process.argv[2] || 1)
const nOps = Number(process.argv[3] || 2000)
const rich = process.argv[4] === 'rich'

let a = seed >>> 0
const rnd = () => {
  a = (a + 0x6D2B79F5) >>> 0
  let t = a
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = n => Math.floor(rnd() * n)
const pick = xs => xs[int(xs.length)]
const words = ['a', 'bc', 'def', ' ', '\n', 'ü', '😀', 'hello ']
const attrs = () => pick([{ bold: true }, { bold: null }, { italic: true }, { color: pick(['red', 'blue']) }, { bold: true, italic: null }])
const b64 = u => Buffer.from(u).toString('base64')

const doc = new Y.Doc()
doc.clientID = 7
const text = doc.getText('text')
const remote = new Y.Doc()
remote.clientID = 8
remote.getText('text')
let emitted = []
const updates = []
doc.on('update', u => {
  emitted.push(b64(u))
  Y.applyUpdate(remote, u)
})
const ops = []
let cursor = 0
for (let i = 0; i < nOps; i++) {
  const len = text.length
  const jump = rnd()
  if (jump < 0.1) {
    cursor = int(len + 1)
  } else if (jump < 0.4) {
    // where formatting changes, or next to embeds
    const bounds = [0]
    for (const d of text.toDelta()) bounds.push(bounds[bounds.length - 1] + (typeof d.insert === 'string' ? d.insert.length : 1))
    cursor = pick(bounds) + pick([0, 0, 1, -1, 2])
  }
  cursor = Math.max(0, Math.min(cursor, len))
  const c = rnd()
  let op
  if (len < 200 || c < 0.55) {
    op = ['insert', cursor, pick(words), rich && rnd() < 0.2 ? attrs() : null]
  } else if (c < 0.75) {
    const n = 1 + int(Math.min(8, len - 1))
    op = ['delete', Math.max(0, Math.min(cursor - (rnd() < 0.7 ? n : 0), len - n)), n]
  } else if (rich && c < 0.85) {
    const at = Math.min(cursor, len - 1)
    op = ['format', at, 1 + int(Math.min(30, len - at)), attrs()]
  } else {
    op = ['insertEmbed', cursor, { img: 'x' + int(9) }, null]
  }
  ops.push(op)
  if (op[0] === 'insert') {
    op[3] ? text.insert(op[1], op[2], op[3]) : text.insert(op[1], op[2])
    cursor = op[1] + op[2].length
  } else if (op[0] === 'delete') {
    text.delete(op[1], op[2])
    cursor = op[1]
  } else if (op[0] === 'format') {
    text.format(op[1], op[2], op[3])
  } else {
    text.insertEmbed(op[1], op[2])
    cursor = op[1] + 1
  }
  updates.push(emitted)
  emitted = []
}
process.stdout.write(JSON.stringify({
  ops,
  updates,
  delta: JSON.stringify(text.toDelta()),
  v1: b64(Y.encodeStateAsUpdate(doc)),
  remoteV1: b64(Y.encodeStateAsUpdate(remote))
}))
