// A raw room-bus client (WS /ws) for protocol tests: the real `ws` client, JSON or CBOR frames, and helpers to wait
// for the next server message matching a predicate, collect messages and await the close code.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { decode as cborgDecode, encode as cborgEncode, Token, Type } from 'cborg';
import { BASE, devToken, mintToken } from './aqueduct.mjs';

export { sleep };

export const WS_URL = `${BASE.replace(/^http/, 'ws')}/ws`;
export const SUBPROTOCOL = { json: 'aqueduct.v1.json', cbor: 'aqueduct.v1.cbor' };

// Settings of the test server (integration-tests/pom.xml) and documented defaults it keeps.
export const SERVER = {
  helloTimeoutMs: 3000,
  heartbeatMs: 2000,
  pongTimeoutMs: 2000,
  tokenGraceMs: 3000,
  historyMaxMessages: 50,
  maxQueuedMessages: 200,
  maxQueuedBytes: 262144,
  principalRate: 30,
  principalBurst: 80,
  connectionRate: 20,
  connectionBurst: 40,
  rateLimitStrikes: 10,
  maxMalformed: 10,
  maxMessageBytes: 65536,
  allowedOrigin: 'http://allowed.example',
};

// Timestamps like ts and expiresAt do not fit 32 bits: decode 64-bit integers as numbers, not BigInt.
// Dates become tag 1 (epoch seconds) so that a test can send a CBOR tag; maps decode as plain objects.
const cborTypeEncoders = { Date: (d) => [new Token(Type.tag, 1), new Token(Type.float, d.getTime() / 1000)] };
export const cborEncode = (v) => cborgEncode(v, { typeEncoders: cborTypeEncoders });
export const cborDecode = (b) => cborgDecode(b instanceof Uint8Array ? b : new Uint8Array(b));

let counter = 0;
// A unique suffix for room names and subjects, so tests do not see each other's traffic.
export function uniq(prefix = 't') {
  return `${prefix}-${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export class ConnectRefused extends Error {
  constructor(statusCode, body) {
    super(`upgrade refused with HTTP ${statusCode}: ${body}`);
    this.statusCode = statusCode;
    this.body = body;
  }
}

function describe(m) {
  const s = JSON.stringify(m, (k, v) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}...(${v.length})` : v));
  return s.length > 400 ? `${s.slice(0, 400)}...` : s;
}

export class BusClient {
  constructor(ws, protocol) {
    this.ws = ws;
    this.protocol = protocol;
    this.frames = []; // {at, binary, batched, size, error?}
    this.log = []; // every server message, in arrival order: {msg, at, frame}
    this.consumed = new Set();
    this.waiters = new Set();
    this.pings = 0;
    this.refs = 0;
    this.closeInfo = null;
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: Date.now() };
        for (const w of this.waiters) w.onClose(this.closeInfo);
        resolve(this.closeInfo);
      });
    });
    ws.on('error', (e) => { this.socketError = e; });
    ws.on('ping', () => { this.pings++; });
    ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
  }

  #onFrame(data, isBinary) {
    const at = Date.now();
    const frame = { at, binary: isBinary, size: data.length, batched: false };
    this.frames.push(frame);
    let value;
    try {
      value = isBinary ? cborDecode(data) : JSON.parse(data.toString('utf8'));
    } catch (e) {
      frame.error = `${isBinary ? 'CBOR' : 'JSON'} decode failed: ${e.message}`;
      value = { op: '<undecodable>', error: frame.error };
    }
    const msgs = Array.isArray(value) ? value : [value];
    frame.batched = Array.isArray(value);
    frame.count = msgs.length;
    for (const msg of msgs) {
      const entry = { msg, at, frame };
      this.log.push(entry);
      for (const w of this.waiters) if (w.offer(this.log.length - 1)) break;
    }
  }

  get messages() { return this.log.map((e) => e.msg); }

  // Every message received so far that matches.
  all(pred = () => true) { return this.log.filter((e) => pred(e.msg)).map((e) => e.msg); }

  // The first message not yet taken by next() that matches; waits for it up to timeout ms.
  next(pred, { timeout = 5000, what = pred.toString() } = {}) {
    for (let i = 0; i < this.log.length; i++) {
      if (!this.consumed.has(i) && pred(this.log[i].msg)) { this.consumed.add(i); return Promise.resolve(this.log[i].msg); }
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        offer: (i) => {
          if (this.consumed.has(i) || !pred(this.log[i].msg)) return false;
          this.consumed.add(i);
          done();
          resolve(this.log[i].msg);
          return true;
        },
        onClose: (c) => { done(); reject(new Error(`closed (${c.code} ${c.reason}) while waiting for ${what}; got ${this.#recent()}`)); },
      };
      const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${timeout} ms waiting for ${what}; got ${this.#recent()}`)); }, timeout);
      const done = () => { clearTimeout(timer); this.waiters.delete(waiter); };
      if (this.closeInfo) { waiter.onClose(this.closeInfo); return; }
      this.waiters.add(waiter);
    });
  }

  // Like next(), with an entry {msg, at} so callers can measure arrival times.
  async nextEntry(pred, opts) {
    const msg = await this.next(pred, opts);
    return this.log.find((e) => e.msg === msg);
  }

  // The next n matching messages, in order.
  async take(n, pred, { timeout = 5000, what = pred.toString() } = {}) {
    const out = [];
    const end = Date.now() + timeout;
    for (let i = 0; i < n; i++) {
      out.push(await this.next(pred, { timeout: Math.max(1, end - Date.now()), what: `${what} (#${i + 1} of ${n})` }));
    }
    return out;
  }

  #recent() {
    return `[${this.log.slice(-8).map((e) => describe(e.msg)).join(', ')}]${this.closeInfo ? ` close ${this.closeInfo.code}` : ''}`;
  }

  newRef() { return `r${++this.refs}`; }

  send(obj) {
    if (this.protocol === 'cbor') this.ws.send(cborEncode(obj), { binary: true });
    else this.ws.send(JSON.stringify(obj));
  }

  sendText(text) { this.ws.send(text, { binary: false }); }

  sendBinary(bytes) { this.ws.send(bytes, { binary: true }); }

  // Sends obj with a fresh ref (unless it has one) and resolves with the server's answer carrying that ref.
  request(obj, { timeout = 5000 } = {}) {
    const msg = obj.ref === undefined ? { ...obj, ref: this.newRef() } : obj;
    const p = this.next((m) => m.ref === msg.ref, { timeout, what: `the answer to ${describe(msg)}` });
    this.send(msg);
    return p;
  }

  async hello(fields = {}) {
    const answer = await this.request({ op: 'hello', ...fields });
    if (answer.op !== 'welcome') throw new Error(`hello refused: ${describe(answer)}`);
    this.welcome = answer;
    return answer;
  }

  async join(room, since) {
    const answer = await this.request(since === undefined ? { op: 'join', room } : { op: 'join', room, since });
    if (answer.op !== 'joined') throw new Error(`join ${room} refused: ${describe(answer)}`);
    return answer;
  }

  async pub(room, id, payload, type) {
    const msg = { op: 'pub', room, id, payload };
    if (type !== undefined) msg.type = type;
    const answer = await this.request(msg);
    if (answer.op !== 'ack') throw new Error(`pub ${id} refused: ${describe(answer)}`);
    return answer;
  }

  // Resolves with {code, reason}, or rejects when the connection is still open after timeout ms.
  async waitClose(timeout = 5000) {
    let timer;
    const t = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still open after ${timeout} ms; got ${this.#recent()}`)), timeout);
    });
    try { return await Promise.race([this.closed, t]); } finally { clearTimeout(timer); }
  }

  get isOpen() { return this.ws.readyState === WebSocket.OPEN; }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
  }

  terminate() { this.ws.terminate(); }
}

// Opens a socket to /ws. protocol: 'json' | 'cbor' | null (none asked for).
// token goes into the access_token query parameter, cookie into a Cookie header, bearer into Authorization.
export function connect({ protocol = 'json', token, cookie, bearer, origin, autoPong = true, headers = {}, url = WS_URL } = {}) {
  const u = new URL(url);
  if (token !== undefined) u.searchParams.set('access_token', token);
  const h = { ...headers };
  if (cookie !== undefined) h.cookie = `access_token=${cookie}`;
  if (bearer !== undefined) h.authorization = `Bearer ${bearer}`;
  const ws = new WebSocket(u, protocol ? [SUBPROTOCOL[protocol]] : [], {
    headers: h, origin, autoPong, perMessageDeflate: false, handshakeTimeout: 10000,
  });
  const client = new BusClient(ws, protocol === 'cbor' ? 'cbor' : 'json');
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => { reject(new ConnectRefused(res.statusCode, body)); ws.terminate(); });
      res.on('error', () => reject(new ConnectRefused(res.statusCode, body)));
    });
    ws.once('error', (e) => reject(e));
  });
}

// Clients opened through a scope are closed when the test ends (pass the test context).
export function scope(t) {
  const clients = [];
  t.after(async () => {
    for (const c of clients) c.terminate();
  });
  return {
    async connect(opts) {
      const c = await connect(opts);
      clients.push(c);
      return c;
    },
    // Mints a dev token for a fresh subject (or the given one) and returns {sub, token, expiresAt}.
    async user(rooms = { '*': 'rwp' }, { sub = uniq('u'), ttl, ...claims } = {}) {
      const body = { sub, rooms, ...claims };
      if (ttl !== undefined) body.ttl = ttl;
      const t0 = await mintToken(body);
      return { sub, token: t0.access_token, expiresAt: t0.expires_at * 1000 };
    },
    // connect + hello (token in hello unless given otherwise) and resolves with the client; client.welcome is set.
    async open(user, { protocol = 'json', hello = {}, ...opts } = {}) {
      const c = await this.connect({ protocol, ...opts });
      await c.hello({ token: user.token, ...hello });
      c.user = user;
      return c;
    },
    track(c) { clients.push(c); return c; },
  };
}

export { devToken, mintToken };
