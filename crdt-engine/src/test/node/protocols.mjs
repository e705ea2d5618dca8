// y-protocols reference side: answers a Java sync step 1, applies a Java awareness update and
// produces its own sync, awareness and auth messages. stdin: JSON, stdout: JSON.
import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as authProtocol from 'y-protocols/auth'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const b64 = u => Buffer.from(u).toString('base64')
const unb64 = s => new Uint8Array(Buffer.from(s, 'base64'))

const doc = new Y.Doc()
doc.clientID = 22
doc.getText('text').insert(0, 'from node ')
doc.getMap('map').set('n', { nested: [1, 2.5, 'x'] })

// answer the Java step 1 and apply the Java step 2 / update messages
const reply = encoding.createEncoder()
syncProtocol.readSyncMessage(decoding.createDecoder(unb64(input.javaStep1)), reply, doc, 'java')
for (const m of input.javaMessages || []) {
  const e = encoding.createEncoder()
  syncProtocol.readSyncMessage(decoding.createDecoder(unb64(m)), e, doc, 'java')
}
const step1 = encoding.createEncoder()
syncProtocol.writeSyncStep1(step1, doc)
const upd = encoding.createEncoder()
const u = []
doc.on('update', x => u.push(x))
doc.getText('text').insert(0, '!')
syncProtocol.writeUpdate(upd, u[0])

const awareness = new awarenessProtocol.Awareness(doc)
awareness.setLocalState({ user: { name: 'node', color: '#ff0' } })
awarenessProtocol.applyAwarenessUpdate(awareness, unb64(input.javaAwareness), 'java')
const states = {}
awareness.getStates().forEach((v, k) => { states[k] = v })
const nodeAwareness = awarenessProtocol.encodeAwarenessUpdate(awareness, [22])
awareness.setLocalState(null)
const nodeAwarenessRemoved = awarenessProtocol.encodeAwarenessUpdate(awareness, [22])
const javaAwarenessReencoded = awarenessProtocol.encodeAwarenessUpdate(awareness, [Number(input.javaClient)])
awareness.destroy()
const auth = encoding.createEncoder()
authProtocol.writePermissionDenied(auth, 'no access to this room')

process.stdout.write(JSON.stringify({
  step2: b64(encoding.toUint8Array(reply)),
  step1: b64(encoding.toUint8Array(step1)),
  update: b64(encoding.toUint8Array(upd)),
  docJson: JSON.stringify(doc.toJSON()),
  docState: b64(Y.encodeStateAsUpdate(doc)),
  awarenessStates: JSON.stringify(states),
  nodeAwareness: b64(nodeAwareness),
  nodeAwarenessRemoved: b64(nodeAwarenessRemoved),
  javaAwarenessReencoded: b64(javaAwarenessReencoded),
  auth: b64(encoding.toUint8Array(auth))
}))
