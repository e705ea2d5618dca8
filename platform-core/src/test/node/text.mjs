// node text.mjs cases <field>: Y.Text documents made with Yjs, each with its state and JSON.stringify({text}).
// node text.mjs check <field> < [{state, update}]: applies each update on its state and reports the text and delta.
import * as Y from 'yjs'
import { readStdin, b64, unb64 } from './schema.mjs'

const [mode, field = 'text'] = process.argv.slice(2)

const edits = {
  empty: () => {},
  plain: (t) => t.insert(0, 'Hello world'),
  edited: (t) => { t.insert(0, 'Hello world'); t.delete(0, 6); t.insert(5, '!\nsecond line \ud83d\ude00') },
  formatted: (t) => { t.insert(0, 'bold and plain'); t.format(0, 4, { bold: true }); t.insertEmbed(4, { image: 'x.png' }) }
}

if (mode === 'cases') {
  const cases = Object.entries(edits).map(([name, edit]) => {
    const doc = new Y.Doc()
    const t = doc.getText(field)
    doc.transact(() => edit(t))
    return { name, state: b64(Y.encodeStateAsUpdate(doc)), json: JSON.stringify({ text: t.toString() }) }
  })
  process.stdout.write(JSON.stringify(cases))
} else if (mode === 'check') {
  const out = JSON.parse(await readStdin()).map(({ state, update }) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, unb64(state))
    Y.applyUpdate(doc, unb64(update))
    const t = doc.getText(field)
    return { text: t.toString(), delta: JSON.stringify(t.toDelta()) }
  })
  process.stdout.write(JSON.stringify(out))
} else {
  throw new Error('usage: node text.mjs cases|check [field]')
}
