// Aqueduct room bus client (WS /ws, protocol aqueduct.v1.json). One dependency-free ES module for browsers and
// node 20+. The protocol is documented in docs/protocols/room-bus.md, this client in docs/client-js.md.

const PROTOCOL = 'aqueduct.v1.json';
const OPEN = 1;

/** Close codes after which the client does not reconnect on its own (4401 is decided by the token option). */
const FINAL_CLOSE_CODES = new Set([4000, 4400, 4403, 4413]);
const UNAUTHORIZED = 4401;
const RATE_LIMITED = 4429;

// Browsers have no "drained" event for WebSocket.bufferedAmount, so a backed-up socket is polled.
const DRAIN_POLL_MS = 50;
// setTimeout fires at once for delays above 2^31-1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

const DEFAULTS = Object.freeze({
  batch: true,
  client: 'aqueduct-js',
  reconnect: true,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitDelayMs: 15_000,
  connectTimeoutMs: 10_000,
  heartbeatMs: undefined,
  pongTimeoutMs: 10_000,
  refreshLeadMs: 30_000,
  highWaterMark: 256 * 1024,
  maxQueued: 1000,
  // Below the server's rate-limit-strikes (10): after a rate-limited refusal at most this many are refused in a row.
  maxInFlight: 8,
  watchNetwork: true,
});

/**
 * An error of the room bus: refused by the server (`code` is the server's error code) or raised by this client
 * (`backpressure`, `closed`, `too-large`, `token`).
 */
export class AqueductError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{room?: string, op?: string, retryAfterMs?: number, closeCode?: number}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'AqueductError';
    /** @type {string} */
    this.code = code;
    /** @type {string | undefined} */
    this.room = details.room;
    /** @type {string | undefined} */
    this.op = details.op;
    /** @type {number | undefined} */
    this.retryAfterMs = details.retryAfterMs;
    /** @type {number | undefined} */
    this.closeCode = details.closeCode;
  }
}

const EMIT = Symbol('emit');

class Emitter {
  #listeners = new Map();

  /**
   * Adds a listener.
   * @param {string} event
   * @param {(value: any) => void} listener
   * @returns {() => void} removes the listener again
   */
  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return () => this.off(event, listener);
  }

  /**
   * Removes a listener.
   * @param {string} event
   * @param {(value: any) => void} listener
   */
  off(event, listener) {
    this.#listeners.get(event)?.delete(listener);
  }

  [EMIT](event, value) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        listener(value);
      } catch (e) {
        // An application's listener must not break the protocol state machine; report it like an uncaught error.
        queueMicrotask(() => { throw e; });
      }
    }
  }
}

/**
 * A joined room. Made by {@link AqueductClient#join}; events: `message`, `joined`, `presence`, `signal`, `left`,
 * `error`.
 */
export class Room extends Emitter {
  #s;
  #ops;

  /** @internal */
  constructor(state, ops) {
    super();
    this.#s = state;
    this.#ops = ops;
  }

  /** @returns {string} the room id */
  get id() { return this.#s.id; }

  /** @returns {{epoch: string, seq: number} | null} the position after the last message delivered, once joined */
  get position() { return this.#s.epoch === null ? null : { epoch: this.#s.epoch, seq: this.#s.seq }; }

  /** @returns {boolean} whether the room is joined on the current connection */
  get joined() { return this.#s.joined; }

  /** @returns {ReadonlyMap<string, {conn: string, sub: string, state: unknown}>} presence members by connection id */
  get members() { return new Map(this.#s.members); }

  /** @returns {number} how many members the server counted in the last presence message */
  get count() { return this.#s.count; }

  /**
   * Publishes a message into this room.
   * @param {unknown} payload any JSON value
   * @param {PublishOptions} [options]
   * @returns {Promise<PublishResult>}
   */
  publish(payload, options) { return this.#ops.publish(this.#s.id, payload, options); }

  /**
   * Sets this connection's presence state in the room (`null` withdraws it). Kept and sent again after every rejoin.
   * @param {unknown} state any JSON value
   */
  setPresence(state) { this.#ops.setPresence(this.#s, state); }

  /**
   * Sends a WebRTC signal to one connection of this room (a presence member's `conn`). The server relays it only
   * when both sides may SIGNAL here, and stamps this connection as the sender.
   * @param {string} to the target's connection id
   * @param {'offer'|'answer'|'candidate'|'renegotiate'} kind
   * @param {unknown} [data] any JSON value: the session description, the ICE candidate, ...
   * @returns {Promise<{room: string, to: string, kind: string}>} resolves when the target's connection got it;
   *   rejects with the server's code (`target-forbidden`, `not-in-room`, `mesh-full`, ...) or `not-connected`
   */
  signal(to, kind, data) { return this.#ops.signal(this.#s, to, kind, data); }

  /**
   * ICE servers for calls in this room ({iceServers, ttl}), for `new RTCPeerConnection({iceServers})`: the ones
   * `joined` brought (join with `rtc: true`) while less than half their ttl is used up, else fresh ones from the server.
   * @returns {Promise<{iceServers: RTCIceServer[], ttl: number}>}
   */
  iceServers() { return this.#ops.iceServers(this.#s); }

  /**
   * Leaves the room; no more events of it are delivered.
   * @returns {Promise<void>}
   */
  leave() { return this.#ops.leave(this.#s); }
}

/**
 * @typedef {object} PublishOptions
 * @property {string} [type] the application's message type (default `message`)
 * @property {string} [id] the publish id the server deduplicates by (default: generated, unique)
 * @property {boolean} [droppable] may be dropped when the local queue is full (cursor positions and the like)
 */

/**
 * @typedef {{room: string, seq: number, id: string} | {room: string, id: string, dropped: true}} PublishResult
 */

/**
 * A client of the room bus: one WebSocket, many rooms. Events: `state`, `open`, `close`, `refreshed`, `error`.
 */
export class AqueductClient extends Emitter {
  /** @type {AqueductOptions & typeof DEFAULTS} */
  #o;
  #url;
  #WebSocket;
  #idPrefix = randomHex(8);
  #nextId = 0;
  #nextRef = 0;

  /** @type {'idle'|'connecting'|'open'|'reconnecting'|'offline'|'closed'} */
  #state = 'idle';
  #ws = null;
  #generation = 0;
  #welcome = null;
  #attempt = 0;
  #tokenExpired = false;
  #refreshing = false;
  #pausedUntil = 0;

  /** @type {Map<string, object>} room id -> room state */
  #rooms = new Map();
  /** @type {Map<string, object>} every unsettled publish, in the order of publish() calls */
  #pubs = new Map();
  /** @type {object[]} publishes not yet written to the current socket */
  #outbox = [];
  /** @type {Map<number, object>} what each ref of the current connection was sent for */
  #refs = new Map();
  /** frames refused with token-expired, sent again after `refreshed` */
  #deferred = [];

  #timers = { reconnect: null, connect: null, idle: null, pong: null, refresh: null, drain: null };
  #ready = null;
  #network = null;

  /**
   * @param {AqueductOptions} [options]
   */
  constructor(options = {}) {
    super();
    this.#o = { ...DEFAULTS };
    for (const [key, value] of Object.entries(options)) if (value !== undefined) this.#o[key] = value;
    this.#url = wsUrl(options.url);
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this.#WebSocket !== 'function') {
      throw new TypeError('no WebSocket implementation: pass one as the WebSocket option (in node: the ws package)');
    }
  }

  /** @returns {'idle'|'connecting'|'open'|'reconnecting'|'offline'|'closed'} */
  get state() { return this.#state; }

  /** @returns {string | null} the server's id of the current connection */
  get connId() { return this.#welcome?.connId ?? null; }

  /** @returns {number | null} when the server says the current token expires (ms since the epoch) */
  get expiresAt() { return this.#welcome?.expiresAt ?? null; }

  /** @returns {number} publishes waiting in the local queue (not yet written to the socket) */
  get queued() { return this.#outbox.length; }

  /** @returns {number} publishes not settled yet: queued, or sent and waiting for their ack */
  get pending() { return this.#pubs.size; }

  /** @returns {Room[]} the rooms joined (or being joined) */
  get rooms() { return [...this.#rooms.values()].map((s) => s.room); }

  /**
   * Opens the connection; from then on the client stays connected (reconnecting as needed) until close().
   * @returns {Promise<void>} resolves at the first `welcome`; rejects when the client is closed before
   */
  connect() {
    if (this.#state === 'closed') return Promise.reject(new AqueductError('closed', 'the client is closed'));
    if (!this.#ready) {
      this.#ready = deferred();
      this.#watchNetwork();
      this.#open();
    }
    return this.#ready.promise;
  }

  /**
   * Joins a room (or returns it when already joined). Handlers given here are registered before anything of the
   * room can arrive.
   * @param {string} roomId
   * @param {JoinOptions} [options]
   * @returns {Promise<Room>} resolves at the first `joined`; rejects with the server's error code when refused
   */
  join(roomId, options = {}) {
    if (this.#state === 'closed') return Promise.reject(new AqueductError('closed', 'the client is closed'));
    const existing = this.#rooms.get(roomId);
    if (existing && !existing.leaving) return existing.first.promise;
    if (existing) this.#rooms.delete(roomId);
    const s = {
      id: roomId,
      epoch: options.since?.epoch ?? null,
      seq: options.since?.seq ?? 0,
      joined: false,
      members: new Map(),
      count: 0,
      ownState: null,
      presenceRef: null,
      leaving: null,
      rtc: options.rtc === true,
      ice: null,
      first: deferred(),
    };
    s.room = new Room(s, {
      publish: (room, payload, opts) => this.publish(room, payload, opts),
      setPresence: (st, state) => this.#setPresence(st, state),
      leave: (st) => this.#leave(st),
      signal: (st, to, kind, data) => this.#signal(st, to, kind, data),
      iceServers: (st) => this.#iceServers(st),
    });
    for (const [event, key] of [['message', 'onMessage'], ['joined', 'onJoined'], ['presence', 'onPresence'],
      ['signal', 'onSignal'], ['left', 'onLeft'], ['error', 'onError']]) {
      if (options[key]) s.room.on(event, options[key]);
    }
    this.#rooms.set(roomId, s);
    if (this.#welcome) this.#sendJoin(s);
    return s.first.promise;
  }

  /**
   * Publishes a message. Joining is not needed (WRITE on the room is). While the socket is down or backed up the
   * message waits in the local queue; a message sent but not acknowledged when the connection drops is sent again,
   * with the same id, after the reconnect.
   * @param {string} roomId
   * @param {unknown} payload any JSON value
   * @param {PublishOptions} [options]
   * @returns {Promise<PublishResult>}
   */
  publish(roomId, payload, options = {}) {
    if (this.#state === 'closed') return Promise.reject(new AqueductError('closed', 'the client is closed'));
    const id = options.id ?? `${this.#idPrefix}-${++this.#nextId}`;
    const key = pubKey(roomId, id);
    const same = this.#pubs.get(key);
    if (same) return same.done.promise;

    const rec = {
      key, room: roomId, id, type: options.type, payload, droppable: options.droppable === true,
      sent: false, ref: null, done: deferred(),
    };
    this.#flush();
    if (this.#outbox.length >= this.#o.maxQueued) {
      const victim = this.#outbox.findIndex((r) => r.droppable);
      if (victim >= 0) {
        this.#drop(this.#outbox.splice(victim, 1)[0]);
      } else if (rec.droppable) {
        rec.done.resolve({ room: roomId, id, dropped: true });
        return rec.done.promise;
      } else {
        rec.done.reject(new AqueductError('backpressure',
          `the local send queue is full (${this.#o.maxQueued} messages waiting)`, { room: roomId, op: 'pub' }));
        return rec.done.promise;
      }
    }
    this.#pubs.set(key, rec);
    this.#outbox.push(rec);
    this.#flush();
    return rec.done.promise;
  }

  /**
   * Closes the connection for good: no reconnect; unsettled publishes and joins are rejected with code `closed`.
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code = 1000, reason = '') {
    if (this.#state === 'closed') return;
    const ws = this.#ws;
    this.#detach();
    if (ws) {
      try { ws.close(code, reason); } catch { /* already closing */ }
    }
    this.#finish(new AqueductError('closed', 'the client was closed'));
    this[EMIT]('close', { code, reason, reconnect: false });
  }

  // ---- connection lifecycle ----

  async #open() {
    clearTimeout(this.#timers.reconnect);
    if (this.#isOffline()) {
      this.#setState('offline');
      return;
    }
    this.#setState('connecting');
    const generation = ++this.#generation;
    let token;
    try {
      token = await this.#token();
    } catch (e) {
      if (generation !== this.#generation) return;
      this[EMIT]('error', new AqueductError('token', `the token callback failed: ${e?.message ?? e}`));
      this.#retry();
      return;
    }
    if (generation !== this.#generation) return;
    if (token === null) {
      this.#fail(new AqueductError('token', 'the token callback returned no token'));
      return;
    }
    if (this.#isOffline()) {
      this.#setState('offline');
      return;
    }

    let ws;
    try {
      ws = new this.#WebSocket(this.#url, PROTOCOL);
    } catch (e) {
      this[EMIT]('error', new AqueductError('connect', `cannot open ${this.#url}: ${e?.message ?? e}`));
      this.#retry();
      return;
    }
    this.#ws = ws;
    this.#timers.connect = setTimeout(() => this.#abandon('connect timeout'), this.#o.connectTimeoutMs);
    ws.onopen = () => {
      const hello = { op: 'hello', batch: this.#o.batch, client: this.#o.client };
      if (token !== undefined) hello.token = token;
      this.#send(hello, { op: 'hello' });
    };
    ws.onmessage = (ev) => this.#onFrame(ev.data);
    ws.onclose = (ev) => this.#onClosed(ev.code, ev.reason);
    ws.onerror = () => { /* a close event follows */ };
  }

  /** @returns {Promise<string | undefined | null>} undefined: send none (cookie); null: the callback gave up */
  async #token() {
    const t = this.#o.token;
    if (typeof t !== 'function') return t ?? undefined;
    const value = await t();
    return typeof value === 'string' && value !== '' ? value : null;
  }

  /** Gives up on a socket that is not answering: it may never deliver a close event. */
  #abandon(reason) {
    const ws = this.#ws;
    if (!ws) return;
    this.#detach();
    if (typeof ws.terminate === 'function') ws.terminate();
    else {
      try { ws.close(1000, reason); } catch { /* already closing */ }
    }
    this.#onClosed(1006, reason, true);
  }

  #detach() {
    const ws = this.#ws;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  }

  #onClosed(code, reason, abandoned = false) {
    if (!abandoned) this.#detach();
    this.#ws = null;
    const wasWelcomed = this.#welcome !== null;
    this.#resetConnection();

    let error = null;
    if (FINAL_CLOSE_CODES.has(code)) error = new AqueductError('closed', `the server closed the connection (${code} ${reason})`, { closeCode: code });
    else if (code === UNAUTHORIZED && typeof this.#o.token !== 'function') {
      error = new AqueductError('closed', `the token was refused or expired (4401 ${reason})`, { closeCode: code });
    } else if (!this.#o.reconnect) error = new AqueductError('closed', `the connection closed (${code} ${reason})`, { closeCode: code });

    if (error) {
      this.#finish(error);
      this[EMIT]('close', { code, reason, reconnect: false });
      return;
    }
    if (this.#isOffline()) {
      this.#setState('offline');
      this[EMIT]('close', { code, reason, reconnect: true });
      return;
    }
    const delayMs = this.#retry(wasWelcomed ? 0 : 1, code === RATE_LIMITED ? this.#o.rateLimitDelayMs : 0);
    this[EMIT]('close', { code, reason, reconnect: true, delayMs });
  }

  /** Forgets everything that belonged to the connection that just ended; publishes go back into the queue. */
  #resetConnection() {
    for (const name of ['connect', 'idle', 'pong', 'refresh', 'drain']) clearTimeout(this.#timers[name]);
    this.#welcome = null;
    const lost = new AqueductError('not-connected', 'the connection closed before the server answered');
    for (const entry of this.#refs.values()) entry.done?.reject(lost);
    this.#refs.clear();
    this.#deferred = [];
    this.#tokenExpired = false;
    this.#refreshing = false;
    for (const rec of this.#pubs.values()) rec.sent = false;
    this.#outbox = [...this.#pubs.values()];
    for (const s of this.#rooms.values()) {
      s.joined = false;
      s.members.clear();
      if (s.leaving) this.#forget(s);
    }
  }

  /**
   * Schedules the next connection attempt with full jitter: a random delay between 0 and the capped exponential
   * bound, which grows with every attempt that did not reach `welcome`.
   * @returns {number} the delay
   */
  #retry(failed = 1, pauseMs = 0) {
    this.#attempt += failed;
    const bound = Math.min(this.#o.maxDelayMs, this.#o.initialDelayMs * 2 ** this.#attempt);
    const delayMs = pauseMs + Math.random() * bound;
    this.#setState('reconnecting');
    clearTimeout(this.#timers.reconnect);
    this.#timers.reconnect = setTimeout(() => this.#open(), delayMs);
    return delayMs;
  }

  #fail(error) {
    this.#finish(error);
    this[EMIT]('close', { code: 1000, reason: error.message, reconnect: false });
  }

  /** Final state: nothing pending survives. */
  #finish(error) {
    this.#generation++;
    this.#ws = null;
    this.#resetConnection();
    clearTimeout(this.#timers.reconnect);
    this.#unwatchNetwork();
    this.#setState('closed');
    for (const rec of this.#pubs.values()) rec.done.reject(error);
    this.#pubs.clear();
    this.#outbox = [];
    for (const s of this.#rooms.values()) s.first.reject(error);
    this.#ready?.reject(error);
  }

  #setState(state) {
    if (this.#state === state) return;
    this.#state = state;
    this[EMIT]('state', state);
  }

  #isOffline() {
    return this.#o.watchNetwork && globalThis.navigator?.onLine === false;
  }

  #watchNetwork() {
    const target = globalThis;
    if (!this.#o.watchNetwork || typeof target.addEventListener !== 'function') return;
    const offline = () => {
      if (this.#ws) this.#abandon('offline');
      else if (this.#state === 'reconnecting') {
        clearTimeout(this.#timers.reconnect);
        this.#setState('offline');
      }
    };
    const online = () => {
      if (this.#state !== 'offline' && this.#state !== 'reconnecting') return;
      this.#attempt = 0;
      this.#open();
    };
    target.addEventListener('offline', offline);
    target.addEventListener('online', online);
    this.#network = () => {
      target.removeEventListener('offline', offline);
      target.removeEventListener('online', online);
    };
  }

  #unwatchNetwork() {
    this.#network?.();
    this.#network = null;
  }

  // ---- sending ----

  /** Sends a frame with a fresh ref and remembers what it was for; false when the socket is not open. */
  #send(frame, entry) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return false;
    frame.ref = ++this.#nextRef;
    this.#refs.set(frame.ref, { ...entry, frame });
    ws.send(JSON.stringify(frame));
    return true;
  }

  #sendJoin(s) {
    const frame = { op: 'join', room: s.id };
    if (s.epoch !== null) frame.since = { epoch: s.epoch, seq: s.seq };
    if (s.rtc) frame.rtc = true;
    this.#send(frame, { op: 'join', s });
  }

  // A presence update has no answer that repeats its ref, so only the latest one per room is remembered (for errors).
  #sendPresence(s) {
    if (s.presenceRef !== null) this.#refs.delete(s.presenceRef);
    const frame = { op: 'presence', room: s.id, state: s.ownState };
    s.presenceRef = this.#send(frame, { op: 'presence', s }) ? frame.ref : null;
  }

  #setPresence(s, state) {
    s.ownState = state ?? null;
    if (!s.joined || !this.#welcome) return;
    if (!this.#tokenExpired) this.#sendPresence(s);
    else if (!this.#deferred.some((d) => d.op === 'presence' && d.s === s)) this.#deferred.push({ op: 'presence', s });
  }

  #leave(s) {
    if (this.#rooms.get(s.id) !== s) return Promise.resolve();
    if (!s.leaving) {
      s.leaving = deferred();
      s.first.reject(new AqueductError('left', `left ${s.id} before it was joined`, { room: s.id }));
      if (!this.#welcome || !this.#send({ op: 'leave', room: s.id }, { op: 'leave', s })) this.#forget(s);
    }
    return s.leaving.promise;
  }

  #signal(s, to, kind, data) {
    if (this.#rooms.get(s.id) !== s || !s.joined || s.leaving) {
      return Promise.reject(new AqueductError('not-connected', `${s.id} is not joined right now`, { room: s.id, op: 'signal' }));
    }
    const done = deferred();
    const frame = { op: 'signal', room: s.id, to, kind };
    if (data !== undefined) frame.data = data;
    if (!this.#send(frame, { op: 'signal', s, done })) {
      done.reject(new AqueductError('not-connected', 'the connection is not open', { room: s.id, op: 'signal' }));
    }
    return done.promise;
  }

  #iceServers(s) {
    if (s.ice && Date.now() - s.ice.receivedAt < s.ice.ttl * 500) {
      return Promise.resolve({ iceServers: s.ice.iceServers, ttl: s.ice.ttl });
    }
    const done = deferred();
    if (!this.#send({ op: 'ice-servers', room: s.id }, { op: 'ice-servers', s, done })) {
      done.reject(new AqueductError('not-connected', 'the connection is not open', { room: s.id, op: 'ice-servers' }));
    }
    return done.promise;
  }

  #forget(s) {
    if (this.#rooms.get(s.id) === s) this.#rooms.delete(s.id);
    s.joined = false;
    s.leaving?.resolve();
  }

  /** Writes queued publishes while the socket takes them. */
  #flush() {
    clearTimeout(this.#timers.drain);
    const ws = this.#ws;
    if (!ws || !this.#welcome || this.#tokenExpired) return;
    const now = Date.now();
    if (now < this.#pausedUntil) {
      this.#timers.drain = setTimeout(() => this.#flush(), this.#pausedUntil - now);
      return;
    }
    while (this.#outbox.length > 0 && this.#pubs.size - this.#outbox.length < this.#o.maxInFlight
      && ws.bufferedAmount <= this.#o.highWaterMark) {
      const rec = this.#outbox.shift();
      const frame = { op: 'pub', room: rec.room, id: rec.id, payload: rec.payload };
      if (rec.type !== undefined) frame.type = rec.type;
      const max = this.#welcome.maxMessageBytes;
      if (max && utf8Length(JSON.stringify(frame), max) > max) {
        this.#settle(rec);
        rec.done.reject(new AqueductError('too-large', `the message is larger than the server's ${max} bytes`,
          { room: rec.room, op: 'pub' }));
        continue;
      }
      if (!this.#send(frame, { op: 'pub', rec })) {
        this.#outbox.unshift(rec);
        return;
      }
      rec.sent = true;
      rec.ref = frame.ref;
    }
    if (this.#outbox.length > 0 && ws.bufferedAmount > this.#o.highWaterMark) {
      this.#timers.drain = setTimeout(() => this.#flush(), DRAIN_POLL_MS);
    }
  }

  #drop(rec) {
    this.#settle(rec);
    rec.done.resolve({ room: rec.room, id: rec.id, dropped: true });
  }

  #settle(rec) {
    this.#pubs.delete(rec.key);
    if (rec.ref !== null) this.#refs.delete(rec.ref);
  }

  /** Puts publishes that were sent but not accepted back into the queue, in publish order. */
  #requeue(rec) {
    rec.sent = false;
    this.#outbox = [...this.#pubs.values()].filter((r) => !r.sent);
  }

  // ---- receiving ----

  #onFrame(data) {
    this.#heard();
    if (typeof data !== 'string') return;
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch {
      this[EMIT]('error', new AqueductError('malformed', 'the server sent a frame that is not JSON'));
      return;
    }
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      if (this.#ws === null) return;
      this.#onMessage(m);
    }
  }

  /** Anything from the server proves the connection alive; silence for heartbeatMs gets a ping. */
  #heard() {
    clearTimeout(this.#timers.pong);
    clearTimeout(this.#timers.idle);
    if (!this.#welcome) return;
    const heartbeatMs = this.#o.heartbeatMs ?? this.#welcome.heartbeatMs ?? 25_000;
    this.#timers.idle = setTimeout(() => {
      this.#send({ op: 'ping' }, { op: 'ping' });
      this.#timers.pong = setTimeout(() => this.#abandon('ping timeout'), this.#o.pongTimeoutMs);
    }, heartbeatMs);
  }

  #onMessage(m) {
    const entry = m.ref !== undefined ? this.#refs.get(m.ref) : undefined;
    if (entry && m.op !== 'presence' && m.op !== 'msg') this.#refs.delete(m.ref);
    switch (m.op) {
      case 'welcome': return this.#onWelcome(m);
      case 'joined': return this.#onJoined(m);
      case 'msg': return this.#onMsg(m);
      case 'ack': return this.#onAck(m);
      case 'presence': return this.#onPresence(m);
      case 'left': return this.#onLeft(m, entry);
      case 'refreshed': return this.#onRefreshed(m);
      case 'signal': return this.#onSignal(m);
      case 'signaled': return entry?.done?.resolve({ room: m.room, to: m.to, kind: m.kind });
      case 'ice-servers': return this.#onIceServers(m, entry);
      case 'error': return this.#onError(m, entry);
      default: return undefined; // pong and anything newer than this client
    }
  }

  #onWelcome(m) {
    clearTimeout(this.#timers.connect);
    const reconnected = this.#ready.settled;
    this.#welcome = m;
    this.#attempt = 0;
    this.#setState('open');
    this.#heard();
    this.#scheduleRefresh(m.expiresAt);
    this[EMIT]('open', {
      connId: m.connId, heartbeatMs: m.heartbeatMs, maxMessageBytes: m.maxMessageBytes, expiresAt: m.expiresAt,
      batch: m.batch === true, reconnected,
    });
    for (const s of this.#rooms.values()) this.#sendJoin(s);
    this.#flush();
    this.#ready.resolve();
  }

  #onJoined(m) {
    const s = this.#rooms.get(m.room);
    if (!s || s.leaving) return;
    // With a full replay the position stays where this client left off and the replayed messages advance it;
    // otherwise the room continues from the server's current position.
    if (!(m.resumed && m.recovered && m.epoch === s.epoch)) {
      s.epoch = m.epoch;
      s.seq = m.seq;
    }
    s.joined = true;
    if (m.rtc) s.ice = { iceServers: m.rtc.iceServers, ttl: m.rtc.ttl, receivedAt: Date.now() };
    const info = { room: m.room, epoch: m.epoch, seq: m.seq, resumed: m.resumed === true, recovered: m.recovered === true };
    if (m.rtc) info.rtc = { iceServers: m.rtc.iceServers, ttl: m.rtc.ttl };
    s.room[EMIT]('joined', info);
    s.first.resolve(s.room);
    if (s.ownState !== null) this.#sendPresence(s);
  }

  #onMsg(m) {
    const s = this.#rooms.get(m.room);
    if (!s || !s.joined || s.leaving || m.seq <= s.seq) return;
    s.seq = m.seq;
    s.room[EMIT]('message', {
      room: m.room, seq: m.seq, type: m.type, id: m.id, from: m.from ?? null, ts: m.ts, payload: m.payload,
    });
  }

  #onAck(m) {
    const rec = this.#pubs.get(pubKey(m.room, m.id));
    if (!rec) return;
    this.#settle(rec);
    rec.done.resolve({ room: m.room, seq: m.seq, id: m.id });
    this.#flush();
  }

  #onPresence(m) {
    const s = this.#rooms.get(m.room);
    if (!s || !s.joined || s.leaving) return;
    if (m.snapshot) s.members.clear();
    for (const j of m.joins ?? []) s.members.set(j.conn, { conn: j.conn, sub: j.sub, state: j.state ?? null });
    for (const l of m.leaves ?? []) s.members.delete(l.conn);
    s.count = m.count ?? s.members.size;
    s.room[EMIT]('presence', {
      room: m.room, snapshot: m.snapshot === true, count: s.count, members: new Map(s.members),
      joins: m.joins ?? [], leaves: m.leaves ?? [],
    });
  }

  #onSignal(m) {
    const s = this.#rooms.get(m.room);
    if (!s || !s.joined || s.leaving) return;
    s.room[EMIT]('signal', { room: m.room, kind: m.kind, from: m.from, fromConn: m.fromConn, data: m.data });
  }

  #onIceServers(m, entry) {
    const ice = { iceServers: m.iceServers, ttl: m.ttl };
    const s = this.#rooms.get(m.room);
    if (s) s.ice = { ...ice, receivedAt: Date.now() };
    entry?.done?.resolve(ice);
  }

  #onLeft(m, entry) {
    // The answer to our leave names the room state it was for: the room may have been joined again since.
    const s = entry?.s ?? this.#rooms.get(m.room);
    if (!s) return;
    const reason = m.reason ?? 'leave';
    this.#forget(s);
    s.first.reject(new AqueductError(reason, `left ${m.room} (${reason})`, { room: m.room }));
    s.room[EMIT]('left', { room: m.room, reason });
  }

  #onRefreshed(m) {
    this.#tokenExpired = false;
    this.#refreshing = false;
    this.#welcome = { ...this.#welcome, expiresAt: m.expiresAt };
    this.#scheduleRefresh(m.expiresAt);
    this[EMIT]('refreshed', { expiresAt: m.expiresAt });
    const again = this.#deferred;
    this.#deferred = [];
    for (const { op, s } of again) {
      if (this.#rooms.get(s.id) !== s || s.leaving) continue;
      if (op === 'join') this.#sendJoin(s);
      else if (s.joined) this.#sendPresence(s);
    }
    this.#flush();
  }

  #onError(m, entry) {
    const error = new AqueductError(m.code ?? 'internal', m.message ?? m.code ?? 'refused', {
      room: m.room ?? entry?.frame.room, op: entry?.op ?? m.refused, retryAfterMs: m.retryAfterMs,
    });
    if (m.code === 'token-expired') {
      this.#tokenExpired = true;
      this.#refresh();
      if (entry?.op === 'pub') return this.#requeue(entry.rec);
      if (entry?.op === 'join' || entry?.op === 'presence') return void this.#deferred.push({ op: entry.op, s: entry.s });
      if (!entry) return void this[EMIT]('error', error);
    }
    if (m.code === 'rate-limited') {
      this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + (m.retryAfterMs ?? 1000));
      if (entry?.op === 'pub') {
        this.#requeue(entry.rec);
        return this.#flush();
      }
    }

    switch (entry?.op) {
      case 'pub':
        if (!this.#pubs.has(entry.rec.key)) return undefined;
        this.#settle(entry.rec);
        entry.rec.done.reject(error);
        return this.#flush();
      case 'join': {
        const s = entry.s;
        if (this.#rooms.get(s.id) !== s) return undefined;
        this.#forget(s);
        s.first.reject(error);
        s.room[EMIT]('error', error);
        return s.room[EMIT]('left', { room: s.id, reason: error.code });
      }
      case 'presence':
        return entry.s.room[EMIT]('error', error);
      case 'signal':
      case 'ice-servers':
        return entry.done.reject(error);
      case 'leave':
        return this.#forget(entry.s);
      case 'refresh':
        this.#refreshing = false;
        return this[EMIT]('error', error);
      default:
        return this[EMIT]('error', error);
    }
  }

  // ---- tokens ----

  #scheduleRefresh(expiresAt) {
    clearTimeout(this.#timers.refresh);
    if (typeof this.#o.token !== 'function' || typeof expiresAt !== 'number') return;
    const remaining = expiresAt - Date.now();
    const lead = Math.min(this.#o.refreshLeadMs, remaining / 4);
    const delay = Math.min(Math.max(0, remaining - lead), MAX_TIMER_MS);
    this.#timers.refresh = setTimeout(() => this.#refresh(), delay);
  }

  async #refresh() {
    if (this.#refreshing || typeof this.#o.token !== 'function' || !this.#welcome) return;
    this.#refreshing = true;
    const generation = this.#generation;
    let token;
    try {
      token = await this.#token();
    } catch (e) {
      token = e;
    }
    if (generation !== this.#generation || !this.#welcome) return;
    if (typeof token !== 'string') {
      this.#refreshing = false;
      const why = token === null ? 'returned no token' : `failed: ${token?.message ?? token}`;
      this[EMIT]('error', new AqueductError('token', `the token callback ${why}`));
      return;
    }
    if (!this.#send({ op: 'refresh', token }, { op: 'refresh' })) this.#refreshing = false;
  }
}

/**
 * @typedef {object} AqueductOptions
 * @property {string} [url] the endpoint, `wss://host/ws` (http(s) URLs are turned into ws(s)); default: `/ws` on
 *   the server this module was loaded from
 * @property {string | (() => string | null | Promise<string | null>)} [token]
 * @property {typeof WebSocket} [WebSocket]
 * @property {boolean} [batch]
 * @property {string} [client]
 * @property {boolean} [reconnect]
 * @property {number} [initialDelayMs]
 * @property {number} [maxDelayMs]
 * @property {number} [rateLimitDelayMs]
 * @property {number} [connectTimeoutMs]
 * @property {number} [heartbeatMs]
 * @property {number} [pongTimeoutMs]
 * @property {number} [refreshLeadMs]
 * @property {number} [highWaterMark]
 * @property {number} [maxQueued]
 * @property {number} [maxInFlight]
 * @property {boolean} [watchNetwork]
 */

/**
 * @typedef {object} JoinOptions
 * @property {{epoch: string, seq: number}} [since] resume from a position the application kept
 * @property {boolean} [rtc] ask for ICE servers with every `joined` (when the room grants SIGNAL)
 * @property {(message: object) => void} [onMessage]
 * @property {(info: object) => void} [onJoined]
 * @property {(presence: object) => void} [onPresence]
 * @property {(signal: {room: string, kind: string, from: string, fromConn: string, data: unknown}) => void} [onSignal]
 * @property {(info: {room: string, reason: string}) => void} [onLeft]
 * @property {(error: AqueductError) => void} [onError]
 */

function wsUrl(url) {
  const base = url ?? (/^https?:/.test(import.meta.url) ? new URL('../ws', import.meta.url).href : undefined);
  if (!base) throw new TypeError('the url option is required (the module was not loaded from an Aqueduct server)');
  const u = new URL(base, globalThis.location?.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.href;
}

function pubKey(room, id) {
  return `${room}\u0000${id}`;
}

function randomHex(bytes) {
  const a = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** UTF-8 length of a string; exact only up to `limit` (a string of at most limit/3 characters is below it anyway). */
function utf8Length(text, limit) {
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).length;
}

function deferred() {
  const d = { settled: false };
  d.promise = new Promise((resolve, reject) => {
    d.resolve = (v) => { d.settled = true; resolve(v); };
    d.reject = (e) => { d.settled = true; reject(e); };
  });
  // A rejection nobody awaits (a join or connect the application did not keep) must not crash node.
  d.promise.catch(() => {});
  return d;
}
