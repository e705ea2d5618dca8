// Aqueduct WebRTC helpers: ICE servers with TURN credentials, SFU tickets, and periodic getStats() reports of an
// RTCPeerConnection to POST /api/v1/rtc/stats. One dependency-free ES module for browsers (and node 20+ with a
// WebRTC implementation). Documented in docs/client-js.md; the endpoints in docs/webrtc.md.

const DEFAULT_INTERVAL_MS = 5000;
// Refusals a later report would get too: the reporter stops instead of repeating them (401 too, unless the token
// option is a function that may give a new token).
const FINAL_STATUSES = new Set([400, 403, 404, 413]);

/**
 * An HTTP refusal of an Aqueduct endpoint: `status` and the problem+json body's `type` and `detail` when present.
 */
export class AqueductRtcError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, type?: string, retryAfterMs?: number, cause?: unknown}} [details]
   */
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AqueductRtcError';
    /** @type {number | undefined} */
    this.status = details.status;
    /** @type {string | undefined} */
    this.type = details.type;
    /** @type {number | undefined} */
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * Reduces an `RTCStatsReport` to what the server counts: the selected candidate pair's candidate types, RTT and
 * bytes, and the media packets received and lost summed over the inbound RTP streams. `null` while no candidate
 * pair is selected.
 *
 * @param {Iterable<[string, any]> | {forEach: Function}} report the result of `pc.getStats()`
 */
export function summarizeStats(report) {
  const byId = new Map();
  report.forEach((s) => byId.set(s.id, s));
  const pair = selectedPair(byId);
  if (!pair) return null;
  const local = byId.get(pair.localCandidateId);
  const remote = byId.get(pair.remoteCandidateId);
  if (!local?.candidateType || !remote?.candidateType) return null;
  const summary = { localCandidateType: local.candidateType, remoteCandidateType: remote.candidateType };
  if (typeof pair.currentRoundTripTime === 'number') summary.currentRoundTripTime = pair.currentRoundTripTime;
  if (Number.isInteger(pair.bytesSent)) summary.bytesSent = pair.bytesSent;
  if (Number.isInteger(pair.bytesReceived)) summary.bytesReceived = pair.bytesReceived;
  let media = false;
  let packetsReceived = 0;
  let packetsLost = 0;
  for (const s of byId.values()) {
    if (s.type !== 'inbound-rtp' || (s.kind !== 'audio' && s.kind !== 'video')) continue;
    media = true;
    packetsReceived += s.packetsReceived ?? 0;
    packetsLost += s.packetsLost ?? 0;
  }
  if (media) Object.assign(summary, { packetsReceived, packetsLost });
  return summary;
}

// The transport's selected pair (Chromium, Safari), else a pair flagged selected (Firefox), else a nominated
// succeeded pair.
function selectedPair(byId) {
  for (const s of byId.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId && byId.has(s.selectedCandidatePairId)) {
      return byId.get(s.selectedCandidatePairId);
    }
  }
  let nominated = null;
  for (const s of byId.values()) {
    if (s.type !== 'candidate-pair') continue;
    if (s.selected) return s;
    if (s.nominated && s.state === 'succeeded') nominated ??= s;
  }
  return nominated;
}

/**
 * `GET /api/v1/rtc/ice-servers`: `{iceServers, ttl}` for `new RTCPeerConnection({iceServers})`. With `room`, SIGNAL
 * on that room is required.
 *
 * @param {RtcRequestOptions & {room?: string}} [options]
 */
export async function fetchIceServers(options = {}) {
  const query = options.room === undefined ? '' : `?room=${encodeURIComponent(options.room)}`;
  return request(options, 'GET', `api/v1/rtc/ice-servers${query}`);
}

/**
 * `POST /api/v1/rtc/sfu/{room}`: a ticket `{provider, url, room, token, expiresAt}` to join the room on the SFU the
 * server is configured with (an `AqueductRtcError` with status 501 when it has none).
 *
 * @param {string} room
 * @param {RtcRequestOptions} [options]
 */
export async function joinSfu(room, options = {}) {
  return request(options, 'POST', `api/v1/rtc/sfu/${encodeURIComponent(room)}`);
}

/**
 * Reports an `RTCPeerConnection`'s stats to the server every `intervalMs` while it is connected, and once more as
 * `closed` when it closes or `stop()` is called, so the server counts it as active for just as long.
 */
export class RtcStatsReporter {
  #pc;
  #o;
  #timer = null;
  #stopped = true;
  #closedSent = false;
  #sending = null;
  #onState;
  /** @type {AqueductRtcError | Error | null} */
  lastError = null;
  /** @type {object | null} the last body sent */
  lastReport = null;

  /**
   * @param {RTCPeerConnection} pc
   * @param {RtcStatsReporterOptions} options
   */
  constructor(pc, options) {
    if (!options?.room) throw new TypeError('the room option is required');
    this.#pc = pc;
    this.#o = { intervalMs: DEFAULT_INTERVAL_MS, connection: randomId(), ...options };
    this.#onState = () => {
      const s = this.#pc.connectionState;
      if (s === 'closed' || s === 'failed') this.stop();
    };
  }

  /** The id the server knows this peer connection by. */
  get connection() {
    return this.#o.connection;
  }

  /** Whether reports are being sent. */
  get running() {
    return !this.#stopped;
  }

  /**
   * Starts reporting every `intervalMs`; the first report goes out at once, or after `intervalMs` when
   * `reportNow()` just sent one.
   */
  start() {
    if (!this.#stopped) return this;
    this.#stopped = false;
    this.#closedSent = false;
    this.#pc.addEventListener?.('connectionstatechange', this.#onState);
    this.#schedule(this.lastReport ? this.#o.intervalMs : 0);
    return this;
  }

  /** Stops and reports the connection as closed (once). Resolves when that report was sent or refused. */
  async stop() {
    const wasRunning = !this.#stopped;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#pc.removeEventListener?.('connectionstatechange', this.#onState);
    await this.#sending;
    if (wasRunning && !this.#closedSent && this.lastReport) {
      this.#closedSent = true;
      await this.#post({ room: this.#o.room, connection: this.#o.connection, state: 'closed' }).catch(() => {});
    }
  }

  /** Collects and sends one report now; resolves with the body sent, or `null` when no pair is selected yet. */
  async reportNow() {
    const summary = summarizeStats(await this.#pc.getStats());
    if (!summary) return null;
    const body = { room: this.#o.room, connection: this.#o.connection, ...summary };
    await this.#post(body);
    this.lastReport = body;
    this.#o.onReport?.(body);
    return body;
  }

  #schedule(delayMs) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#tick(), delayMs);
  }

  async #tick() {
    this.#timer = null;
    if (this.#stopped) return;
    if (this.#pc.connectionState === 'closed') {
      // close() fires no connectionstatechange
      await this.stop();
      return;
    }
    let delay = this.#o.intervalMs;
    this.#sending = this.reportNow().then(() => {
      this.lastError = null;
    }, (e) => {
      this.lastError = e;
      this.#o.onError?.(e);
      const final = e instanceof AqueductRtcError
        && (FINAL_STATUSES.has(e.status) || (e.status === 401 && typeof this.#o.token !== 'function'));
      if (final) {
        this.#stopped = true;
      } else if (e instanceof AqueductRtcError && e.retryAfterMs) {
        delay = Math.max(delay, e.retryAfterMs);
      }
    });
    await this.#sending;
    this.#sending = null;
    this.#schedule(delay);
  }

  #post(body) {
    return request(this.#o, 'POST', 'api/v1/rtc/stats', body);
  }
}

/**
 * Starts an {@link RtcStatsReporter} for `pc` and returns it.
 *
 * @param {RTCPeerConnection} pc
 * @param {RtcStatsReporterOptions} options
 */
export function reportRtcStats(pc, options) {
  return new RtcStatsReporter(pc, options).start();
}

/**
 * @typedef {object} RtcRequestOptions
 * @property {string} [baseUrl] the server (`https://host/`); default: the server this module was loaded from
 * @property {string | (() => string | null | undefined | Promise<string | null | undefined>)} [token]
 * @property {typeof fetch} [fetch]
 */

/**
 * @typedef {RtcRequestOptions & {
 *   room: string, connection?: string, intervalMs?: number,
 *   onReport?: (body: object) => void, onError?: (error: Error) => void
 * }} RtcStatsReporterOptions
 */

async function request(options, method, path, body) {
  const token = typeof options.token === 'function' ? await options.token() : options.token;
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const doFetch = options.fetch ?? globalThis.fetch;
  let r;
  try {
    r = await doFetch(new URL(path, baseUrl(options.baseUrl)).href, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new AqueductRtcError(`${method} /${path} failed: ${e?.message ?? e}`, { cause: e });
  }
  if (r.status === 204) return null;
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported by status below
  }
  if (!r.ok) {
    const retryAfter = Number(r.headers.get('retry-after'));
    throw new AqueductRtcError(`${method} /${path}: ${r.status} ${json?.detail ?? r.statusText}`, {
      status: r.status, type: json?.type, retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
    });
  }
  return json;
}

function baseUrl(base) {
  const b = base ?? (/^https?:/.test(import.meta.url) ? new URL('..', import.meta.url).href : undefined);
  if (!b) throw new TypeError('the baseUrl option is required (the module was not loaded from an Aqueduct server)');
  const u = new URL(b, globalThis.location?.href);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

function randomId() {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return `pc-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
