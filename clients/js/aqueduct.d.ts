// Type declarations for aqueduct.js, the room bus client (see docs/client-js.md).

/** What a token option may be: a fixed token, or a callback asked before every connect and every refresh. */
export type TokenSource = string | (() => string | null | undefined | Promise<string | null | undefined>);

/** A WebSocket class with the browser API: the global one, or the `ws` package's in node. */
export interface WebSocketConstructor {
  new (url: string, protocols?: string | string[]): WebSocketLike;
}

export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** used when present (the `ws` package) to drop a dead connection at once */
  terminate?(): void;
}

export interface AqueductOptions {
  /** the endpoint (`wss://host/ws`; http(s) URLs become ws(s)). Default: `/ws` on the server this module came from */
  url?: string;
  /** default: none (the server then looks for an `access_token` cookie) */
  token?: TokenSource;
  /** default: `globalThis.WebSocket` */
  WebSocket?: WebSocketConstructor;
  /** ask the server to batch messages into array frames; default true */
  batch?: boolean;
  /** a name for the server's logs; default `aqueduct-js` */
  client?: string;
  /** reconnect after a connection loss; default true */
  reconnect?: boolean;
  /** backoff bound of the first retry; default 500 */
  initialDelayMs?: number;
  /** largest backoff bound; default 30000 */
  maxDelayMs?: number;
  /** extra pause after close code 4429; default 15000 */
  rateLimitDelayMs?: number;
  /** give up on an attempt that has no `welcome` after this long; default 10000 */
  connectTimeoutMs?: number;
  /** send `ping` after this long without hearing from the server; default: the server's `heartbeatMs` */
  heartbeatMs?: number;
  /** drop the connection when nothing arrives this long after a `ping`; default 10000 */
  pongTimeoutMs?: number;
  /** refresh the token this long (at most a quarter of its remaining lifetime) before it expires; default 30000 */
  refreshLeadMs?: number;
  /** queue publishes locally while `bufferedAmount` is above this many bytes; default 262144 */
  highWaterMark?: number;
  /** most publishes in the local queue; default 1000 */
  maxQueued?: number;
  /** most publishes sent and not yet acknowledged; default 8 (below the server's rate-limit strikes) */
  maxInFlight?: number;
  /** follow the browser's `online`/`offline` events; default true */
  watchNetwork?: boolean;
}

export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

export interface Position {
  epoch: string;
  seq: number;
}

export interface Message<P = unknown> {
  room: string;
  seq: number;
  type: string;
  /** the platform's id of the message (not the publish id) */
  id: string;
  /** the publisher's subject; null for system messages */
  from: string | null;
  /** when the platform accepted it, ms since the epoch */
  ts: number;
  payload: P;
}

export interface JoinedInfo {
  room: string;
  epoch: string;
  seq: number;
  /** the join asked to resume (`since` was sent) */
  resumed: boolean;
  /** false: messages were missed and will not be replayed; reload the room's state */
  recovered: boolean;
  /** with `rtc: true` in the join options, when the room grants SIGNAL: ICE servers for its calls */
  rtc?: IceServers;
}

/** What `new RTCPeerConnection({iceServers})` needs, valid for `ttl` seconds (TURN credentials expire then). */
export interface IceServers {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  ttl: number;
}

export type SignalKind = 'offer' | 'answer' | 'candidate' | 'renegotiate';

/** A WebRTC signal from another connection of the room; `from` and `fromConn` are stamped by the server. */
export interface Signal<D = unknown> {
  room: string;
  kind: SignalKind;
  /** the sender's subject */
  from: string;
  /** the sender's connection id: where to send the answer */
  fromConn: string;
  data: D;
}

export interface Member {
  conn: string;
  sub: string;
  state: unknown;
}

export interface PresenceInfo {
  room: string;
  snapshot: boolean;
  /** members the server counts (also in rooms too large for member lists) */
  count: number;
  /** every known member by connection id; empty in rooms over the server's member limit */
  members: ReadonlyMap<string, Member>;
  joins: Member[];
  leaves: { conn: string; sub: string }[];
}

export interface LeftInfo {
  room: string;
  /** `leave`, `forbidden`, or the error code that refused a rejoin */
  reason: string;
}

export interface OpenInfo {
  connId: string;
  heartbeatMs: number;
  maxMessageBytes: number;
  expiresAt: number;
  batch: boolean;
  /** not the first connection of this client */
  reconnected: boolean;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** the client will connect again on its own */
  reconnect: boolean;
  /** when it will, how long it waits first */
  delayMs?: number;
}

export interface PublishOptions {
  /** the application's message type; default `message` */
  type?: string;
  /** the id the server deduplicates by; default: generated, unique per client */
  id?: string;
  /** may be dropped, oldest first, when the local queue is full */
  droppable?: boolean;
}

export interface Ack {
  room: string;
  seq: number;
  id: string;
  dropped?: undefined;
}

export interface Dropped {
  room: string;
  id: string;
  dropped: true;
}

export type PublishResult = Ack | Dropped;

export interface JoinOptions<P = unknown> {
  /** resume from a position kept by the application */
  since?: Position;
  /** ask for ICE servers with every `joined` (given when the room grants SIGNAL) */
  rtc?: boolean;
  onMessage?: (message: Message<P>) => void;
  onJoined?: (info: JoinedInfo) => void;
  onPresence?: (presence: PresenceInfo) => void;
  onSignal?: (signal: Signal) => void;
  onLeft?: (info: LeftInfo) => void;
  onError?: (error: AqueductError) => void;
}

export class AqueductError extends Error {
  constructor(code: string, message: string, details?: { room?: string; op?: string; retryAfterMs?: number; closeCode?: number });
  /** the server's error code, or `backpressure`, `closed`, `too-large`, `token`, `connect`, `left`, `not-connected` */
  readonly code: string;
  readonly room?: string;
  readonly op?: string;
  readonly retryAfterMs?: number;
  /** for `closed`: the WebSocket close code that ended the client */
  readonly closeCode?: number;
}

interface RoomEvents<P> {
  message: Message<P>;
  joined: JoinedInfo;
  presence: PresenceInfo;
  signal: Signal;
  left: LeftInfo;
  error: AqueductError;
}

interface ClientEvents {
  state: ClientState;
  open: OpenInfo;
  close: CloseInfo;
  refreshed: { expiresAt: number };
  error: AqueductError;
}

export class Room<P = unknown> {
  private constructor();
  readonly id: string;
  /** after the last message delivered; null until joined */
  readonly position: Position | null;
  readonly joined: boolean;
  readonly members: ReadonlyMap<string, Member>;
  readonly count: number;
  on<E extends keyof RoomEvents<P>>(event: E, listener: (value: RoomEvents<P>[E]) => void): () => void;
  off<E extends keyof RoomEvents<P>>(event: E, listener: (value: RoomEvents<P>[E]) => void): void;
  publish(payload: P, options?: PublishOptions): Promise<PublishResult>;
  setPresence(state: unknown): void;
  /** relays a signal to one connection of the room; rejects with `target-forbidden`, `not-in-room`, `mesh-full`, ... */
  signal(to: string, kind: SignalKind, data?: unknown): Promise<{ room: string; to: string; kind: SignalKind }>;
  /** ICE servers for calls in this room: those of `joined` while fresh, else new ones from the server */
  iceServers(): Promise<IceServers>;
  leave(): Promise<void>;
}

export class AqueductClient {
  constructor(options?: AqueductOptions);
  readonly state: ClientState;
  readonly connId: string | null;
  readonly expiresAt: number | null;
  /** publishes waiting in the local queue */
  readonly queued: number;
  /** publishes not settled yet (queued, or sent and not acknowledged) */
  readonly pending: number;
  readonly rooms: Room[];
  on<E extends keyof ClientEvents>(event: E, listener: (value: ClientEvents[E]) => void): () => void;
  off<E extends keyof ClientEvents>(event: E, listener: (value: ClientEvents[E]) => void): void;
  connect(): Promise<void>;
  join<P = unknown>(room: string, options?: JoinOptions<P>): Promise<Room<P>>;
  publish<P = unknown>(room: string, payload: P, options?: PublishOptions): Promise<PublishResult>;
  close(code?: number, reason?: string): void;
}
