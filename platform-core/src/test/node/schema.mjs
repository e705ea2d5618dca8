// The ProseMirror schema of the reference side: prosemirror-schema-basic with lists, plus a mark that may overlap
// itself (like a comment), which y-prosemirror stores under hashed attribute names.
import { Schema } from 'prosemirror-model'
import { schema as basic } from 'prosemirror-schema-basic'
import { addListNodes } from 'prosemirror-schema-list'

export const schema = new Schema({
  nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block'),
  marks: basic.spec.marks.addToEnd('comment', {
    attrs: { id: {} },
    excludes: '',
    toDOM: (mark) => ['span', { 'data-comment': mark.attrs.id }, 0]
  })
})

export const readStdin = async () => {
  const chunks = []
  for await (const c of process.stdin) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}

export const b64 = (bytes) => Buffer.from(bytes).toString('base64')
export const unb64 = (s) => new Uint8Array(Buffer.from(s, 'base64'))
