// Random sessions with an UndoManager and relative positions, recorded from Yjs for replay in Java.
// Usage: node gen-undo.mjs <seed> <sessions> <steps>
import * as Y from 'yjs'

const seed0 = Number(process.argv[2] || 1)
const nSessions = Number(process.argv[3] || 1)
const nSteps = Number(process.argv[4] || 60)
const b64 = u => Buffer.from(u).toString('base64')

function prng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function session (seed) {
  const rnd = prng(seed)
  const int = n => Math.floor(rnd() * n)
  const pick = a => a[int(a.length)]
  const a = new Y.Doc({ gc: rnd() < 0.5 }); a.clientID = 100 + int(100)
  const b = new Y.Doc(); b.clientID = 300 + int(100)
  for (const d of [a, b]) { d.getText('text'); d.getArray('array'); d.getMap('map') }
  const um = new Y.UndoManager([a.getText('text'), a.getArray('array'), a.getMap('map')], { captureTimeout: 0 })
  let emitted = null
  a.on('update', u => { if (emitted) emitted.push(b64(u)) })
  const bUpdates = []
  b.on('update', u => bUpdates.push(u))
  a.on('update', u => Y.applyUpdate(b, u))
  const events = []
  const relpos = []
  const op = (doc) => {
    const c = int(10)
    const t = doc.getText('text'); const arr = doc.getArray('array'); const m = doc.getMap('map')
    if (c < 4 || t.length === 0) return ['text', 'insert', [int(t.length + 1), pick(['ab', 'c', 'xyz ', '\n']), rnd() < 0.3 ? { bold: true } : null]]
    if (c < 5) { const i = int(t.length); return ['text', 'delete', [i, 1 + int(Math.min(3, t.length - i))]] }
    if (c < 6) { const i = int(t.length); return ['text', 'format', [i, 1 + int(Math.min(4, t.length - i)), { italic: pick([true, null]) }]] }
    if (c < 7 || arr.length === 0) return ['array', 'insert', [int(arr.length + 1), [int(100), 'v']]]
    if (c < 8) return ['array', 'delete', [int(arr.length), 1]]
    return ['map', 'set', [pick(['x', 'y']), int(50)]]
  }
  const run = (doc, [tn, name, args]) => {
    const y = tn === 'text' ? doc.getText('text') : tn === 'array' ? doc.getArray('array') : doc.getMap('map')
    if (name === 'insert') { if (tn === 'text') { args[2] ? y.insert(args[0], args[1], args[2]) : y.insert(args[0], args[1]) } else y.insert(args[0], args[1]) } else if (name === 'delete') y.delete(args[0], args[1]); else if (name === 'format') y.format(args[0], args[1], args[2]); else y.set(args[0], args[1])
  }
  for (let s = 0; s < nSteps; s++) {
    const c = int(10)
    emitted = []
    if (c < 4) {
      const o = op(a); run(a, o); events.push({ op: 'local', o, emit: emitted })
    } else if (c < 6) {
      const o = op(b); bUpdates.length = 0; run(b, o)
      for (const u of bUpdates) Y.applyUpdate(a, u)
      events.push({ op: 'remote', u: bUpdates.map(b64), emit: emitted })
    } else if (c < 8) {
      um.undo(); events.push({ op: 'undo', emit: emitted })
    } else if (c < 9) {
      um.redo(); events.push({ op: 'redo', emit: emitted })
    } else {
      const t = a.getText('text')
      const idx = int(t.length + 1); const assoc = pick([0, -1])
      const rp = Y.createRelativePositionFromTypeIndex(t, idx, assoc)
      relpos.push(rp)
      events.push({ op: 'relpos', idx, assoc, enc: b64(Y.encodeRelativePosition(rp)), emit: emitted })
    }
    emitted = null
    events[events.length - 1].json = JSON.stringify(a.toJSON())
    events[events.length - 1].canUndo = um.undoStack.length
    events[events.length - 1].canRedo = um.redoStack.length
  }
  const abs = relpos.map(rp => { const p = Y.createAbsolutePositionFromRelativePosition(rp, a); return p ? p.index : null })
  return { seed, a: { clientId: a.clientID, gc: a.gc }, b: { clientId: b.clientID }, events, abs, state: b64(Y.encodeStateAsUpdate(a)) }
}
const out = []
for (let i = 0; i < nSessions; i++) out.push(session(seed0 + i))
process.stdout.write(JSON.stringify(out))
