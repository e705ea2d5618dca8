// The peer-to-peer demo: a Y.Text shared between browsers by the stock y-webrtc provider, which finds its peers
// through the platform's WS /signaling and then syncs over WebRTC DataChannels, with ICE servers (STUN, TURN with
// credentials) from GET /api/v1/rtc/ice-servers.
import * as Y from 'yjs';
import { WebrtcProvider } from 'y-webrtc';

// The Y.Text every peer of a room edits.
export const FIELD = 'text';

/** ICE servers for the caller, checked against SIGNAL on the room; [] when the platform has none to offer. */
export async function fetchIceServers(base, token, room) {
  const r = await fetch(`${base}/api/v1/rtc/ice-servers?room=${encodeURIComponent(room)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!r.ok) throw new Error(`ice servers: ${r.status} ${await r.text()}`);
  return (await r.json()).iceServers;
}

/**
 * Joins a room peer to peer.
 * @param {{signalingUrl: string, room: string, token: string, password?: string, iceServers?: RTCIceServer[],
 *   onEvent?: (event: object) => void}} options
 *   `room` is a platform room id (SIGNAL on it is needed); with `password` the signaling messages and the
 *   BroadcastChannel traffic are encrypted, so the server relays what it cannot read.
 */
export function openShared({ signalingUrl, room, token, password, iceServers = [], onEvent = () => {} }) {
  const doc = new Y.Doc();
  const text = doc.getText(FIELD);
  const url = `${signalingUrl}?access_token=${encodeURIComponent(token)}`;
  const provider = new WebrtcProvider(room, doc, {
    signaling: [url],
    password: password || null,
    peerOpts: { config: { iceServers } },
  });
  // y-webrtc ignores the server's error messages; the page shows them (a refused subscribe, a full mesh).
  for (const conn of provider.signalingConns) {
    conn.on('message', (m) => {
      if (m?.type === 'error') onEvent({ type: 'signaling-error', code: m.code, message: m.message, topic: m.topic });
    });
    conn.on('connect', () => onEvent({ type: 'signaling', connected: true }));
    conn.on('disconnect', () => onEvent({ type: 'signaling', connected: false }));
  }
  provider.on('peers', () => onEvent({ type: 'peers', ...peers(provider) }));
  provider.on('synced', ({ synced }) => onEvent({ type: 'synced', synced }));
  text.observe(() => onEvent({ type: 'text', text: text.toString() }));
  return {
    doc,
    text,
    provider,
    peers: () => peers(provider),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The peers of the room: over WebRTC (with whether the DataChannel is open) and over BroadcastChannel (same browser). */
function peers(provider) {
  const room = provider.room;
  if (!room) return { webrtc: [], broadcast: [] };
  return {
    webrtc: [...room.webrtcConns.values()].map((c) => ({ id: c.remotePeerId, connected: c.connected })),
    broadcast: [...room.bcConns],
  };
}

/**
 * Keeps a textarea and a Y.Text in step: local input becomes the smallest delete and insert, remote changes are
 * shown with the caret kept in place where possible.
 */
export function bindTextarea(textarea, text) {
  textarea.value = text.toString();
  textarea.addEventListener('input', () => {
    const before = text.toString();
    const after = textarea.value;
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start]) start++;
    let end = 0;
    while (end < before.length - start && end < after.length - start
      && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
    text.doc.transact(() => {
      if (before.length - start - end > 0) text.delete(start, before.length - start - end);
      if (after.length - start - end > 0) text.insert(start, after.slice(start, after.length - end));
    }, textarea);
  });
  text.observe((event) => {
    if (event.transaction.origin === textarea) return;
    let { selectionStart: s, selectionEnd: e } = textarea;
    let index = 0;
    for (const d of event.delta) {
      if (d.retain) index += d.retain;
      else if (d.insert) {
        if (index <= s) s += d.insert.length;
        if (index <= e) e += d.insert.length;
        index += d.insert.length;
      } else if (d.delete) {
        if (index < s) s -= Math.min(d.delete, s - index);
        if (index < e) e -= Math.min(d.delete, e - index);
      }
    }
    textarea.value = text.toString();
    textarea.setSelectionRange(s, e);
  });
}
