// y-websocket clients against the server under test.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { BASE, devToken, until } from './aqueduct.mjs';

export const YJS_URL = `${BASE.replace(/^http/, 'ws')}/yjs`;
export const COLLAB_URL = `${BASE.replace(/^http/, 'ws')}/collab`;

// A y-websocket provider for `room` with a token for `sub` holding `grants` on documents.
export async function provider(room, sub, grants = 'rwp', options = {}) {
  const token = await devToken({ sub, rooms: { 'doc:*': grants } });
  const doc = new Y.Doc();
  const p = new WebsocketProvider(YJS_URL, room, doc, {
    params: { access_token: token }, WebSocketPolyfill: WebSocket, disableBc: true, ...options,
  });
  const updates = [];
  doc.on('update', (u) => updates.push(u));
  return { doc, provider: p, updates, token };
}

// A Hocuspocus socket (one per call unless `socket` is given) and a provider for `name` on it.
export async function hocuspocus(name, sub, grants = 'rwp', { socket, ...options } = {}) {
  const token = await devToken({ sub, rooms: { 'doc:*': grants } });
  const ws = socket ?? new HocuspocusProviderWebsocket({ url: COLLAB_URL, WebSocketPolyfill: WebSocket });
  const doc = new Y.Doc();
  const events = { authenticated: [], failed: [], stateless: [], closes: [] };
  const p = new HocuspocusProvider({
    websocketProvider: ws, name, document: doc, token,
    onAuthenticated: ({ scope }) => events.authenticated.push(scope),
    onAuthenticationFailed: ({ reason }) => events.failed.push(reason),
    onStateless: ({ payload }) => events.stateless.push(payload),
    onClose: ({ event }) => events.closes.push(event?.code),
    ...options,
  });
  // with its own websocketProvider a provider only starts once attached
  p.attach();
  const updates = [];
  doc.on('update', (u) => updates.push(u));
  return { doc, provider: p, socket: ws, updates, token, events };
}

export async function synced(...clients) {
  await Promise.all(clients.map(({ provider: p }) => (p.synced ? null : new Promise((r) => p.once('sync', r)))));
}

// The server's copy of a document (GET /api/v1/documents/{id}/state) as a Y.Doc.
export async function serverDoc(room, token) {
  const r = await fetch(`${BASE}/api/v1/documents/${room}/state`, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`document state: ${r.status} ${await r.text()}`);
  const d = new Y.Doc();
  Y.applyUpdate(d, new Uint8Array(await r.arrayBuffer()));
  return d;
}

// A raw socket on /yjs/{room}: every binary message received, and how it closed.
export function rawYjsSocket(room, token, options = {}) {
  const ws = new WebSocket(`${YJS_URL}/${room}${token ? `?access_token=${token}` : ''}`, options);
  ws.binaryType = 'nodebuffer';
  const received = [];
  ws.on('message', (d) => received.push(new Uint8Array(d)));
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const opened = new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  return { ws, received, closed, opened };
}

// Ends clients for good: providers, Hocuspocus sockets, and the documents (whose awareness timers would otherwise
// keep node running).
const closed = new WeakSet();
export function close(...clients) {
  for (const client of clients) {
    if (closed.has(client)) continue;
    closed.add(client);
    client.provider.destroy();
    client.socket?.destroy();
    client.doc.destroy();
  }
}

export { Y, until };
