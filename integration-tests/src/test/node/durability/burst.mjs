// Driven by DocumentDurabilityIT: three editors (two Hocuspocus providers, one y-websocket provider) of one document
// type a burst of edits while the Java test kills the server with SIGKILL and restarts it. Every edit inserts a unique
// marker such as [h1:00042] into the Y.Text "body", at the end or in front of another marker.
//
// The providers reach the server through a TCP proxy in this process. After a kill the proxy refuses connections
// (as if the network were down) until the test has read the stored document straight from the restarted server:
// otherwise the providers would push their copies back at once and hide a lost update. Then the proxy lets them
// through and the providers reconnect on their own.
//
// What counts as acknowledged:
//   sync-status: a Hocuspocus SyncStatus(applied) answered the frame (an update or a sync step 2) that carried the
//                marker. The server answers every such frame in order after storing it, so the answers are matched
//                to the frames sent on each socket, first in first out.
//   broadcast:   another client received the marker from the server (the server stores an update before anyone
//                gets it). This is the only acknowledgement a y-websocket client has.
//
// Protocol: one JSON object per line. Commands on stdin: await-acks {n}, killed {cycle, at}, decode {state}, up,
// await-resync {cycle}, stop, exit. Answers and events on stdout; diagnostics on stderr.
//
// Environment: AQ_TARGET (the server, http://127.0.0.1:port), AQ_DOC (document name), AQ_TOKENS (JSON {h1, h2, y1}),
// AQ_LOG_DIR (where the edit logs go), AQ_EDIT_MS and AQ_EDITS_PER_TICK (each client makes that many edits every
// that many milliseconds).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';

const TARGET = new URL(process.env.AQ_TARGET);
const DOC = process.env.AQ_DOC;
const TOKENS = JSON.parse(process.env.AQ_TOKENS);
const LOG_DIR = process.env.AQ_LOG_DIR ?? '.';
const EDIT_MS = Number(process.env.AQ_EDIT_MS ?? 40);
const EDITS_PER_TICK = Number(process.env.AQ_EDITS_PER_TICK ?? 2);
const MARKER = /\[(h1|h2|y1):\d{5,}\]/g;

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const log = (...a) => console.error(new Date().toISOString(), ...a);

// ---- the network between the editors and the server ----

const pairs = new Set();
let refusing = false;
const proxy = net.createServer((client) => {
  if (refusing) {
    client.destroy();
    return;
  }
  const upstream = net.connect(Number(TARGET.port), TARGET.hostname);
  const pair = { client, upstream };
  pairs.add(pair);
  client.pipe(upstream);
  upstream.pipe(client);
  const end = () => {
    client.destroy();
    upstream.destroy();
    pairs.delete(pair);
  };
  for (const s of [client, upstream]) {
    s.on('close', end);
    s.on('error', end);
  }
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const WS_BASE = `ws://127.0.0.1:${proxy.address().port}`;

function networkDown() {
  refusing = true;
  for (const { client, upstream } of pairs) {
    client.destroy();
    upstream.destroy();
  }
}

// ---- edits and what became of them ----

/** marker -> {client, seq, createdAt, syncStatusAt, broadcastAt, seenBy: Set} */
const edits = new Map();

function markersOf(update) {
  const found = [];
  for (const s of Y.decodeUpdate(update).structs) {
    if (typeof s.content?.str === 'string') {
      for (const m of s.content.str.matchAll(MARKER)) found.push(m[0]);
    }
  }
  return found;
}

// A WebSocket that matches each SyncStatus to the oldest unanswered update or sync step 2 sent on it.
function trackingSocket(name) {
  return class extends WebSocket {
    constructor(...args) {
      super(...args);
      this.unanswered = [];
      this.on('message', (data) => {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (bytes.length <= 1) return; // connection-level ping
        const d = decoding.createDecoder(bytes);
        if (decoding.readVarString(d) !== DOC || decoding.readVarUint(d) !== 8) return;
        const applied = decoding.readVarInt(d) === 1;
        const frame = this.unanswered.shift();
        if (!frame) {
          clients[name].strays += 1;
          log(name, 'SyncStatus without an unanswered frame');
          return;
        }
        if (!applied) {
          clients[name].refused += 1;
          return;
        }
        const now = Date.now();
        for (const m of frame) {
          const e = edits.get(m);
          if (e && e.client === name && e.syncStatusAt === null) e.syncStatusAt = now;
        }
      });
      this.on('close', () => {
        if (this.unanswered.length) log(name, `socket closed with ${this.unanswered.length} unanswered frames`);
      });
    }

    send(data, ...rest) {
      if (data instanceof Uint8Array) {
        const d = decoding.createDecoder(data);
        if (data.length > 1 && decoding.readVarString(d) === DOC && decoding.readVarUint(d) === 0) {
          const step = decoding.readVarUint(d);
          if (step === 1 || step === 2) this.unanswered.push(markersOf(decoding.readVarUint8Array(d)));
        }
      }
      super.send(data, ...rest);
    }
  };
}

const clients = {};

function addClient(name, doc, provider, kind) {
  const c = { name, doc, provider, kind, text: doc.getText('body'), seq: 0, strays: 0, refused: 0, timer: null };
  doc.on('update', (update, origin) => {
    if (origin === 'edit') return;
    const now = Date.now();
    for (const m of markersOf(update)) {
      const e = edits.get(m);
      if (!e) continue; // unknown markers are caught by the test's final comparison
      e.seenBy.add(name);
      if (e.client !== name && e.broadcastAt === null) e.broadcastAt = now;
    }
  });
  clients[name] = c;
  return c;
}

for (const name of ['h1', 'h2']) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `${WS_BASE}/collab`, WebSocketPolyfill: trackingSocket(name),
    delay: 100, minDelay: 100, maxDelay: 1000, factor: 1.5,
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: DOC, document: doc, token: TOKENS[name] });
  provider.attach();
  addClient(name, doc, provider, 'hocuspocus');
}
{
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${WS_BASE}/yjs`, DOC, doc, {
    params: { access_token: TOKENS.y1 }, WebSocketPolyfill: WebSocket, disableBc: true, maxBackoffTime: 1000,
  });
  addClient('y1', doc, provider, 'y-websocket');
}

function edit(c) {
  c.seq += 1;
  const marker = `[${c.name}:${String(c.seq).padStart(5, '0')}]`;
  const s = c.text.toString();
  // at the end, or in front of a random marker: never inside one
  const starts = [s.length];
  for (let i = s.indexOf('['); i >= 0; i = s.indexOf('[', i + 1)) starts.push(i);
  const at = starts[Math.floor(Math.random() * starts.length)];
  edits.set(marker, {
    client: c.name, seq: c.seq, createdAt: Date.now(), syncStatusAt: null, broadcastAt: null, seenBy: new Set([c.name]),
  });
  c.doc.transact(() => c.text.insert(at, marker), 'edit');
}

const isConnected = (c) => (c.kind === 'hocuspocus'
  ? c.provider.configuration.websocketProvider.status === 'connected' && c.provider.isSynced
  : c.provider.wsconnected && c.provider.synced);

async function until(predicate, timeout, what, every = 20) {
  const end = Date.now() + timeout;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(every);
  }
}

const ackOf = (e) => (e.client === 'y1' ? e.broadcastAt : e.syncStatusAt);
const kills = [];

// ---- commands ----

async function handle(cmd) {
  switch (cmd.cmd) {
    case 'await-acks': {
      // each client has at least n more edits acknowledged (its own kind of acknowledgement) than now; then, for a
      // few seconds at most, wait for a moment with edits on their way, so that the kill that follows hits some
      const base = Object.fromEntries(Object.keys(clients).map((n) => [n, countAcked(n)]));
      await until(() => Object.keys(clients).every((n) => countAcked(n) - base[n] >= cmd.n), 30000, 'acknowledged edits');
      await until(() => inFlight() >= 3, 5000, 'edits in flight', 1).catch(() => {});
      return { event: 'acks-reached', inFlight: inFlight() };
    }
    case 'killed': {
      // the server is gone (cmd.at: when it got SIGKILL): whatever was acknowledged came before its end
      networkDown();
      const list = [...edits].map(([marker, e]) => ({
        marker, client: e.client, createdAt: e.createdAt, beforeKill: e.createdAt < cmd.at,
        syncStatus: e.syncStatusAt !== null, broadcast: e.broadcastAt !== null,
      }));
      fs.writeFileSync(path.join(LOG_DIR, `edits-at-kill-${cmd.cycle}.json`),
        JSON.stringify({ killedAt: cmd.at, edits: list }, null, 1));
      kills.push({ cycle: cmd.cycle, at: cmd.at, created: new Set(edits.keys()) });
      return {
        event: 'kill-log',
        created: list.length,
        createdBeforeKill: list.filter((e) => e.beforeKill).length,
        inFlight: list.filter((e) => e.beforeKill && !e.syncStatus && !e.broadcast).length,
        syncStatus: list.filter((e) => e.syncStatus).map((e) => e.marker),
        broadcast: list.filter((e) => e.broadcast).map((e) => e.marker),
      };
    }
    case 'decode': {
      const d = new Y.Doc();
      Y.applyUpdate(d, new Uint8Array(Buffer.from(cmd.state, 'base64')));
      return { event: 'decoded', text: d.getText('body').toString() };
    }
    case 'up':
      refusing = false;
      return { event: 'network-up' };
    case 'await-resync': {
      // every client is connected again and holds every edit made before the kill (an edit of another client can
      // only have come from the server, so this also means the server has them all)
      const kill = kills.find((k) => k.cycle === cmd.cycle);
      const start = Date.now();
      await until(() => Object.values(clients).every((c) => isConnected(c)
        && [...kill.created].every((m) => edits.get(m).seenBy.has(c.name))), 30000, `the clients to resync after kill ${cmd.cycle}`);
      const offline = [...edits.values()].filter((e) => e.createdAt > kill.at && e.createdAt < start);
      return {
        event: 'resynced', ms: Date.now() - start,
        editedWhileDown: Object.fromEntries(Object.keys(clients).map((n) => [n, offline.filter((e) => e.client === n).length])),
      };
    }
    case 'stop': {
      for (const c of Object.values(clients)) clearInterval(c.timer);
      const all = [...edits.keys()];
      await until(() => Object.values(clients).every((c) => isConnected(c)
        && (c.kind !== 'hocuspocus' || c.provider.unsyncedChanges === 0)
        && all.every((m) => edits.get(m).seenBy.has(c.name))), 30000, 'the clients to converge');
      const list = [...edits].map(([marker, e]) => ({
        marker, client: e.client, createdAt: e.createdAt, ack: ackOf(e), syncStatus: e.syncStatusAt, broadcast: e.broadcastAt,
      }));
      fs.writeFileSync(path.join(LOG_DIR, 'edits-final.json'), JSON.stringify(list, null, 1));
      return {
        event: 'final',
        created: all,
        texts: Object.fromEntries(Object.values(clients).map((c) => [c.name, c.text.toString()])),
        unsynced: Object.fromEntries(Object.values(clients).filter((c) => c.kind === 'hocuspocus')
          .map((c) => [c.name, c.provider.unsyncedChanges])),
        strays: Object.fromEntries(Object.values(clients).map((c) => [c.name, c.strays])),
        refused: Object.fromEntries(Object.values(clients).map((c) => [c.name, c.refused])),
      };
    }
    case 'exit':
      for (const c of Object.values(clients)) {
        c.provider.destroy();
        if (c.kind === 'hocuspocus') c.provider.configuration.websocketProvider.destroy();
      }
      networkDown();
      proxy.close();
      setTimeout(() => process.exit(0), 100);
      return { event: 'bye' };
    default:
      throw new Error(`unknown command ${cmd.cmd}`);
  }
}

function inFlight() {
  let n = 0;
  for (const e of edits.values()) if (e.syncStatusAt === null && e.broadcastAt === null) n += 1;
  return n;
}

function countAcked(name) {
  let n = 0;
  for (const e of edits.values()) if (e.client === name && ackOf(e) !== null) n += 1;
  return n;
}

// ---- start: connect, then edit ----

await until(() => Object.values(clients).every(isConnected), 60000, 'the first sync').catch((e) => {
  out({ event: 'error', message: e.message });
  process.exit(1);
});
// every EDIT_MS each client makes EDITS_PER_TICK edits, one transaction (one update message) each
for (const c of Object.values(clients)) {
  c.timer = setInterval(() => {
    for (let i = 0; i < EDITS_PER_TICK; i += 1) edit(c);
  }, EDIT_MS);
}
out({ event: 'ready', proxy: WS_BASE });

// one command at a time, in order
let chain = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  chain = chain.then(async () => {
    const cmd = JSON.parse(line);
    try {
      out(await handle(cmd));
    } catch (e) {
      out({ event: 'error', command: cmd.cmd, message: e.message });
    }
  });
}).on('close', () => process.exit(0));
