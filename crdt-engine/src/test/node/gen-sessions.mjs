// Generates random concurrent editing sessions with the real Yjs and records, for every step,
// the operation, the update bytes Yjs emitted and (at the end) the state of every replica.
// Usage: node gen-sessions.mjs <seed> <sessions> <stepsPerSession> [replicas]
import * as Y from 'yjs'

const seed0 = Number(process.argv[2] || 1)
const nSessions = Number(process.argv[3] || 1)
const nSteps = Number(process.argv[4] || 40)
const nReplicas = Number(process.argv[5] || 3)

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

const b64 = u => Buffer.from(u).toString('base64')

function session (seed) {
  const rnd = prng(seed)
  const int = n => Math.floor(rnd() * n)
  const pick = a => a[int(a.length)]
  const words = ['a', 'bc', 'def', 'x y', '\n', 'ü', '😀', 'Grüße', 'z', 'hello world']
  const randStr = () => { let s = ''; const n = 1 + int(3); for (let i = 0; i < n; i++) s += pick(words); return s }
  const randValue = (depth = 0) => {
    switch (int(depth > 1 ? 7 : 9)) {
      case 0: return int(1000) - 500
      case 1: return pick([0.5, -1.25, 3.141592653589793, 1e21, 2 ** 40, -0.1])
      case 2: return randStr()
      case 3: return pick([true, false])
      case 4: return null
      case 5: return new Uint8Array([int(256), int(256)])
      case 6: return int(5)
      case 7: { const o = {}; const n = int(3); for (let i = 0; i < n; i++) o[pick(['k', 'l', 'm', '2', 'n'])] = randValue(depth + 1); return o }
      default: { const a = []; const n = int(3); for (let i = 0; i < n; i++) a.push(randValue(depth + 1)); return a }
    }
  }
  const randAttrs = () => {
    const o = {}
    const n = 1 + int(2)
    for (let i = 0; i < n; i++) o[pick(['bold', 'italic', 'color', 'link'])] = pick([true, null, 'red', 'blue', { href: 'x' }, 2])
    return o
  }
  const docs = []
  const events = []
  const outbox = [] // per replica: updates (v1, v2) produced, to be delivered to others
  for (let r = 0; r < nReplicas; r++) {
    const doc = new Y.Doc({ gc: rnd() < 0.7 })
    doc.clientID = 1 + r * 1000 + int(1000)
    doc.getText('text'); doc.getArray('array'); doc.getMap('map'); doc.getXmlFragment('xml')
    docs.push(doc)
    outbox.push([])
  }
  let emitted = null
  const conv = v => v instanceof Y.AbstractType ? '<' + v.constructor.name + '>' : v instanceof Uint8Array ? { $bytes: b64(v) } : Array.isArray(v) ? v.map(conv) : (v && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(x)])) : v
  const observed = docs.map(() => [])
  docs.forEach((doc, r) => {
    for (const name of ['text', 'array', 'map', 'xml']) {
      const t = name === 'text' ? doc.getText(name) : name === 'array' ? doc.getArray(name) : name === 'map' ? doc.getMap(name) : doc.getXmlFragment(name)
      t.observeDeep((evs) => {
        observed[r].push({ root: name, events: evs.map(e => {
          const o = { path: e.path }
          const keys = {}
          e.keys.forEach((v, k) => { keys[k] = v.action === 'add' ? { action: v.action } : { action: v.action, oldValue: conv(v.oldValue) } })
          o.keys = keys
          o.delta = conv(e.delta)
          return o
        }) })
      })
    }
  })
  docs.forEach((doc, r) => {
    doc.on('update', u => { if (emitted) emitted.v1.push(b64(u)); outbox[r].push({ v1: u }) })
    doc.on('updateV2', u => { if (emitted) emitted.v2.push(b64(u)); outbox[r][outbox[r].length - 1].v2 = u })
  })
  const resolve = (doc, path) => {
    let t
    switch (path[0]) {
      case 'text': t = doc.getText('text'); break
      case 'array': t = doc.getArray('array'); break
      case 'map': t = doc.getMap('map'); break
      default: t = doc.getXmlFragment('xml')
    }
    for (let i = 1; i < path.length; i++) t = t.get(path[i])
    return t
  }
  // candidate nested targets, discovered from the doc
  const targets = (doc) => {
    const res = [{ kind: 'text', path: ['text'] }, { kind: 'array', path: ['array'] }, { kind: 'map', path: ['map'] }, { kind: 'frag', path: ['xml'] }]
    const m = doc.getMap('map')
    for (const k of ['t', 'a', 'm']) {
      const v = m.get(k)
      if (v instanceof Y.Text) res.push({ kind: 'text', path: ['map', k] })
      else if (v instanceof Y.Array) res.push({ kind: 'array', path: ['map', k] })
      else if (v instanceof Y.Map) res.push({ kind: 'map', path: ['map', k] })
    }
    const arr = doc.getArray('array')
    for (let i = 0; i < Math.min(arr.length, 5); i++) {
      const v = arr.get(i)
      if (v instanceof Y.Map) res.push({ kind: 'map', path: ['array', i] })
      if (v instanceof Y.Text) res.push({ kind: 'text', path: ['array', i] })
    }
    const xml = doc.getXmlFragment('xml')
    for (let i = 0; i < Math.min(xml.length, 4); i++) {
      const v = xml.get(i)
      if (v instanceof Y.XmlElement) {
        res.push({ kind: 'elem', path: ['xml', i] })
        for (let j = 0; j < Math.min(v.length, 3); j++) {
          const w = v.get(j)
          if (w instanceof Y.XmlText) res.push({ kind: 'text', path: ['xml', i, j] })
          if (w instanceof Y.XmlElement) res.push({ kind: 'elem', path: ['xml', i, j] })
        }
      } else if (v instanceof Y.XmlText) res.push({ kind: 'text', path: ['xml', i] })
    }
    return res
  }
  const newType = () => pick(['Text', 'Array', 'Map'])
  const mkType = (name) => name === 'Text' ? new Y.Text() : name === 'Array' ? new Y.Array() : new Y.Map()
  const mkOp = (doc) => {
    const t = pick(targets(doc))
    const y = resolve(doc, t.path)
    switch (t.kind) {
      case 'text': {
        const len = y.length
        const c = int(10)
        if (c < 4 || len === 0) return { path: t.path, op: 'insert', args: [int(len + 1), randStr(), rnd() < 0.3 ? randAttrs() : null] }
        if (c < 6) { const i = int(len); return { path: t.path, op: 'delete', args: [i, 1 + int(Math.min(5, len - i))] } }
        if (c < 8) { const i = int(len); return { path: t.path, op: 'format', args: [i, 1 + int(Math.min(6, len - i)), randAttrs()] } }
        return { path: t.path, op: 'insertEmbed', args: [int(len + 1), { img: randStr() }, rnd() < 0.5 ? randAttrs() : null] }
      }
      case 'array': {
        const len = y.length
        const c = int(10)
        if (c < 4 || len === 0) { const vals = []; const n = 1 + int(3); for (let i = 0; i < n; i++) vals.push(randValue()); return { path: t.path, op: 'insert', args: [int(len + 1), vals] } }
        if (c < 5) return { path: t.path, op: 'push', args: [[randValue()]] }
        if (c < 6 && t.path.length === 1) return { path: t.path, op: 'insertType', args: [int(len + 1), newType()] }
        const i = int(len); return { path: t.path, op: 'delete', args: [i, 1 + int(Math.min(3, len - i))] }
      }
      case 'map': {
        const c = int(10)
        if (c < 5) return { path: t.path, op: 'set', args: [pick(['a', 'b', 'c', 'd']), randValue()] }
        if (c < 7 && t.path.length === 1) return { path: t.path, op: 'setType', args: [pick(['t', 'a', 'm']), newType()] }
        return { path: t.path, op: 'delete', args: [pick(['a', 'b', 'c', 'd', 't'])] }
      }
      case 'frag': {
        const len = y.length
        const c = int(10)
        if (c < 4 || len === 0) return { path: t.path, op: 'insertElement', args: [int(len + 1), pick(['p', 'h1', 'Div'])] }
        if (c < 7) return { path: t.path, op: 'insertXmlText', args: [int(len + 1)] }
        const i = int(len); return { path: t.path, op: 'delete', args: [i, 1] }
      }
      default: { // elem
        const len = y.length
        const c = int(10)
        if (c < 4) return { path: t.path, op: 'setAttribute', args: [pick(['class', 'id', 'data']), pick(['x', 'y', 'z z'])] }
        if (c < 5) return { path: t.path, op: 'removeAttribute', args: [pick(['class', 'id', 'data'])] }
        if (c < 8 || len === 0) return { path: t.path, op: 'insertXmlText', args: [int(len + 1)] }
        if (c < 9) return { path: t.path, op: 'insertElement', args: [int(len + 1), 'span'] }
        return { path: t.path, op: 'delete', args: [int(len), 1] }
      }
    }
  }
  const run = (doc, o) => {
    const y = resolve(doc, o.path)
    const a = o.args
    switch (o.op) {
      case 'insert': if (y instanceof Y.Text) { a[2] ? y.insert(a[0], a[1], a[2]) : y.insert(a[0], a[1]) } else y.insert(a[0], a[1]); break
      case 'delete': if (y instanceof Y.Map) y.delete(a[0]); else y.delete(a[0], a[1]); break
      case 'format': y.format(a[0], a[1], a[2]); break
      case 'insertEmbed': a[2] ? y.insertEmbed(a[0], a[1], a[2]) : y.insertEmbed(a[0], a[1]); break
      case 'push': y.push(a[0]); break
      case 'insertType': y.insert(a[0], [mkType(a[1])]); break
      case 'set': y.set(a[0], a[1]); break
      case 'setType': y.set(a[0], mkType(a[1])); break
      case 'insertElement': y.insert(a[0], [new Y.XmlElement(a[1])]); break
      case 'insertXmlText': y.insert(a[0], [new Y.XmlText()]); break
      case 'setAttribute': y.setAttribute(a[0], a[1]); break
      case 'removeAttribute': y.removeAttribute(a[0]); break
    }
  }
  const enc = v => v instanceof Uint8Array ? { $bytes: b64(v) } : Array.isArray(v) ? v.map(enc) : (v && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)])) : v
  const delivered = docs.map(() => docs.map(() => 0))
  const deliver = (to) => {
    // take some not yet delivered updates from other replicas, maybe out of order / duplicated
    const batch = []
    for (let from = 0; from < nReplicas; from++) {
      if (from === to) continue
      const pend = outbox[from].slice(delivered[to][from])
      const n = int(pend.length + 1)
      for (let i = 0; i < n; i++) batch.push(pend[i])
      delivered[to][from] += n
      if (rnd() < 0.2 && outbox[from].length > 0) batch.push(pick(outbox[from])) // duplicate / old
    }
    for (let i = batch.length - 1; i > 0 && rnd() < 0.5; i--) { const j = int(i + 1); [batch[i], batch[j]] = [batch[j], batch[i]] }
    for (const u of batch) {
      const v2 = rnd() < 0.4 && u.v2
      emitted = { v1: [], v2: [] }
      const ev = { r: to, op: 'apply', v: v2 ? 2 : 1, u: b64(v2 ? u.v2 : u.v1) }
      if (v2) Y.applyUpdateV2(docs[to], u.v2); else Y.applyUpdate(docs[to], u.v1)
      ev.emit = emitted
      emitted = null
      ev.json = JSON.stringify(docs[to].toJSON())
      ev.observed = JSON.stringify(observed[to]); observed[to].length = 0
      events.push(ev)
    }
  }
  for (let s = 0; s < nSteps; s++) {
    const r = int(nReplicas)
    if (rnd() < 0.25) { deliver(r); continue }
    const doc = docs[r]
    const nOps = rnd() < 0.2 ? 2 + int(2) : 1
    const ops = []
    emitted = { v1: [], v2: [] }
    doc.transact(() => {
      for (let i = 0; i < nOps; i++) { const o = mkOp(doc); ops.push({ path: o.path, op: o.op, args: enc(o.args) }); run(doc, o) }
    })
    events.push({ r, op: 'transact', ops, emit: emitted, json: JSON.stringify(doc.toJSON()), observed: JSON.stringify(observed[r]) })
    observed[r].length = 0
    emitted = null
  }
  // final full sync through state vectors, then record states
  for (let i = 0; i < nReplicas; i++) {
    for (let j = 0; j < nReplicas; j++) {
      if (i === j) continue
      emitted = { v1: [], v2: [] }
      const u = Y.encodeStateAsUpdate(docs[i], Y.encodeStateVector(docs[j]))
      Y.applyUpdate(docs[j], u)
      events.push({ r: j, op: 'apply', v: 1, u: b64(u), emit: emitted, observed: JSON.stringify(observed[j]) })
      observed[j].length = 0
      emitted = null
    }
  }
  const states = docs.map(doc => ({
    json: JSON.stringify(doc.toJSON()),
    delta: JSON.stringify(doc.getText('text').toDelta()),
    xml: doc.getXmlFragment('xml').toString(),
    v1: b64(Y.encodeStateAsUpdate(doc)),
    v2: b64(Y.encodeStateAsUpdateV2(doc)),
    sv: b64(Y.encodeStateVector(doc))
  }))
  return { seed, replicas: docs.map(d => ({ clientId: d.clientID, gc: d.gc })), events, states }
}

const out = []
for (let i = 0; i < nSessions; i++) out.push(session(seed0 + i))
process.stdout.write(JSON.stringify(out))
