// The collaborative editor of the demo page: Tiptap (ProseMirror) on a Yjs document, synced with the platform over
// the Hocuspocus protocol (WS /collab), with the other users' carets drawn from awareness.
import * as Y from 'yjs';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { Editor } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import './editor.css';

// The Yjs field Tiptap keeps its document in (an XmlFragment); other clients of the same document must use it too.
export const FIELD = 'default';

// Dark enough for white label text.
const PALETTE = ['#1f5fbf', '#b3261e', '#1b7f3b', '#7a3db8', '#a14d00', '#00777a', '#9c2a6b', '#4a5a00'];

export function isColor(value) {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value);
}

// A stable color for a name, so a user keeps the same color in every tab.
export function colorFor(name) {
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

// Black or white, whichever reads better on the color (WCAG relative luminance).
function labelTextColor(color) {
  const lin = (i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

// The plain text of a Tiptap XmlFragment: one line per paragraph, marks dropped. Works on any Y.Doc, so a copy of
// the document decoded elsewhere reads the same way.
export function fragmentText(fragment) {
  const lines = [];
  for (const block of fragment.toArray()) {
    if (block instanceof Y.XmlText) {
      lines.push(block.toDelta().map((d) => (typeof d.insert === 'string' ? d.insert : '')).join(''));
    } else if (block instanceof Y.XmlElement) {
      lines.push(fragmentText(block).replace(/\n/g, ''));
    }
  }
  return lines.join('\n');
}

// The caret of another user: a colored bar with the user's name. Hidden from assistive technology (it would be read
// as part of the text); the page lists who is here instead.
function renderCaret(user) {
  const color = isColor(user.color) ? user.color : '#444444';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.dataset.user = user.name ?? '';
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.style.color = labelTextColor(color);
  label.textContent = user.name ?? '';
  caret.append(label);
  return caret;
}

function renderSelection(user) {
  const color = isColor(user.color) ? user.color : '#444444';
  return { style: `background-color: ${color}33`, class: 'collaboration-carets__selection' };
}

/**
 * Opens a document in a new editor inside `element`.
 *
 * @param {object} options
 * @param {HTMLElement} options.element where the editor goes
 * @param {string} options.url the Hocuspocus endpoint, e.g. wss://host/collab
 * @param {string} options.document the document id, e.g. doc:article-42
 * @param {string} options.token an access token
 * @param {{name: string, color?: string}} options.user shown to the others on the caret
 * @param {object} [options.attributes] extra attributes for the editable element (aria-labelledby, ...)
 * @param {(event: object) => void} [options.onEvent] connection events: {type: 'status'|'authenticated'|
 *   'authenticationFailed'|'synced'|'unsynced'|'close'|'users', ...}
 */
export function openEditor({ element, url, document: name, token, user, attributes = {}, onEvent = () => {} }) {
  const me = { name: user.name, color: isColor(user.color) ? user.color : colorFor(user.name) };
  const ydoc = new Y.Doc();
  let editor = null;
  const provider = new HocuspocusProvider({
    url,
    name,
    document: ydoc,
    token,
    onStatus: ({ status }) => onEvent({ type: 'status', status }),
    onAuthenticated: ({ scope }) => {
      editor?.setEditable(scope !== 'readonly');
      onEvent({ type: 'authenticated', scope });
    },
    onAuthenticationFailed: ({ reason }) => onEvent({ type: 'authenticationFailed', reason }),
    onSynced: ({ state }) => onEvent({ type: 'synced', synced: state }),
    onUnsyncedChanges: ({ number }) => onEvent({ type: 'unsynced', number }),
    onClose: ({ event }) => onEvent({ type: 'close', code: event?.code, reason: event?.reason }),
  });

  const users = () => [...provider.awareness.getStates()]
    .filter(([, s]) => s?.user)
    .map(([clientId, s]) => ({
      clientId, name: s.user.name, color: s.user.color, self: clientId === ydoc.clientID, cursor: !!s.cursor,
    }));
  provider.awareness.on('change', () => onEvent({ type: 'users', users: users() }));

  editor = new Editor({
    element,
    extensions: [
      Document, Paragraph, Text, Bold, Italic,
      Collaboration.configure({ document: ydoc, field: FIELD }),
      CollaborationCaret.configure({ provider, user: me, render: renderCaret, selectionRender: renderSelection }),
    ],
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', spellcheck: 'false', ...attributes },
    },
  });

  return {
    editor,
    provider,
    ydoc,
    user: me,
    users,
    text: () => editor.getText({ blockSeparator: '\n' }),
    fragmentText: () => fragmentText(ydoc.getXmlFragment(FIELD)),
    destroy() {
      editor.destroy();
      provider.destroy();
      ydoc.destroy();
    },
  };
}
