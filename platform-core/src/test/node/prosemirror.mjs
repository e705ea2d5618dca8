// node prosemirror.mjs cases <field>: ProseMirror documents written by y-prosemirror (and a few Y.XmlFragments made
//   with Yjs directly), each with its Yjs state and what yXmlFragmentToProsemirrorJSON reads from it.
// node prosemirror.mjs check <field> < [{state, update, pm}]: applies each update on its state and reports what
//   y-prosemirror reads, next to what y-prosemirror itself makes of the ProseMirror JSON.
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { Node } from 'prosemirror-model'
import { schema, readStdin, b64, unb64 } from './schema.mjs'

const [mode, field = 'default'] = process.argv.slice(2)
const s = schema
const t = (text, ...marks) => s.text(text, marks)

const pmDocs = {
  empty: s.node('doc', null, [s.node('paragraph')]),
  paragraphs: s.node('doc', null, [
    s.node('paragraph', null, [t('Hello '), t('bold', s.mark('strong')), t(' and '), t('both', s.mark('strong'), s.mark('em'))]),
    s.node('paragraph', null, [t('second line')])
  ]),
  headingsAndLists: s.node('doc', null, [
    s.node('heading', { level: 2 }, [t('Title')]),
    s.node('bullet_list', null, [
      s.node('list_item', null, [s.node('paragraph', null, [t('one')])]),
      s.node('list_item', null, [s.node('paragraph', null, [t('two')]),
        s.node('ordered_list', { order: 3 }, [s.node('list_item', null, [s.node('paragraph', null, [t('nested')])])])])
    ]),
    s.node('blockquote', null, [s.node('paragraph', null, [t('quoted')])]),
    s.node('code_block', null, [t('let x = 1\n')]),
    s.node('horizontal_rule')
  ]),
  inlineNodesAndLinks: s.node('doc', null, [
    s.node('paragraph', null, [
      t('see '), t('the docs', s.mark('link', { href: 'https://example.com/docs', title: null })),
      s.node('hard_break'), s.node('image', { src: 'a.png', alt: 'A', title: null }), t(' \u00e9\ud83d\ude00 end')
    ])
  ]),
  overlappingMarks: s.node('doc', null, [
    s.node('paragraph', null, [t('plain '),
      t('commented twice', s.mark('comment', { id: 'c1' }), s.mark('comment', { id: 'c2' })),
      t(' once', s.mark('comment', { id: 'c1' }))])
  ])
}

const yjsOnly = {
  // formatting written by a Y.Text client: value true instead of an attrs object
  textFormattedWithTrue: (frag) => {
    const p = new Y.XmlElement('paragraph')
    frag.insert(0, [p])
    const x = new Y.XmlText()
    p.insert(0, [x])
    x.insert(0, 'Hello world')
    x.format(0, 5, { strong: true })
    x.format(6, 5, { link: { href: 'https://example.com' } })
  },
  attributeValues: (frag) => {
    const h = new Y.XmlElement('heading')
    frag.insert(0, [h, new Y.XmlElement('paragraph')])
    h.setAttribute('level', 3)
    h.setAttribute('data', { a: [1, 2.5, 'x'], b: false })
    h.insert(0, [new Y.XmlText('T')])
  },
  topLevelText: (frag) => {
    frag.insert(0, [new Y.XmlText('loose text'), new Y.XmlElement('paragraph')])
  },
  editedAndDeleted: (frag) => {
    const p = new Y.XmlElement('paragraph')
    frag.insert(0, [p, new Y.XmlElement('paragraph')])
    const x = new Y.XmlText()
    p.insert(0, [x])
    x.insert(0, 'abcdef')
    x.delete(1, 2)
    frag.delete(1, 1)
  },
  nothing: () => {}
}

// the names of the formatting attributes of every text in the fragment
const markAttributes = (type) => type.toArray().flatMap((c) => c instanceof Y.XmlText
  ? c.toDelta().flatMap((d) => Object.keys(d.attributes || {}))
  : markAttributes(c))

if (mode === 'cases') {
  const cases = []
  for (const [name, node] of Object.entries(pmDocs)) {
    const doc = new Y.Doc()
    const frag = doc.getXmlFragment(field)
    prosemirrorJSONToYXmlFragment(schema, node.toJSON(), frag)
    cases.push({ name, pm: node.toJSON(), state: b64(Y.encodeStateAsUpdate(doc)), yjson: JSON.stringify(yXmlFragmentToProsemirrorJSON(frag)) })
  }
  for (const [name, build] of Object.entries(yjsOnly)) {
    const doc = new Y.Doc()
    const frag = doc.getXmlFragment(field)
    doc.transact(() => build(frag))
    cases.push({ name, state: b64(Y.encodeStateAsUpdate(doc)), yjson: JSON.stringify(yXmlFragmentToProsemirrorJSON(frag)) })
  }
  process.stdout.write(JSON.stringify(cases))
} else if (mode === 'check') {
  const input = JSON.parse(await readStdin())
  const out = input.map(({ state, update, pm }) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, unb64(state))
    const before = doc.getXmlFragment(field).toJSON()
    Y.applyUpdate(doc, unb64(update))
    const frag = doc.getXmlFragment(field)
    const ref = new Y.Doc()
    prosemirrorJSONToYXmlFragment(schema, pm, ref.getXmlFragment(field))
    return {
      changed: before !== frag.toJSON(),
      yjson: JSON.stringify(yXmlFragmentToProsemirrorJSON(frag)),
      refYjson: JSON.stringify(yXmlFragmentToProsemirrorJSON(ref.getXmlFragment(field))),
      pm: JSON.stringify(yXmlFragmentToProseMirrorRootNode(frag, schema).toJSON()),
      markAttributes: markAttributes(frag),
      refMarkAttributes: markAttributes(ref.getXmlFragment(field)),
      expectedPm: JSON.stringify(Node.fromJSON(schema, pm).toJSON())
    }
  })
  process.stdout.write(JSON.stringify(out))
} else {
  throw new Error('usage: node prosemirror.mjs cases|check [field]')
}
