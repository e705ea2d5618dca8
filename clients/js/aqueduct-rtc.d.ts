// Type declarations for aqueduct-rtc.js, the WebRTC helpers (see docs/client-js.md).

/** A fixed token, or a callback asked before every request. */
export type TokenSource = string | (() => string | null | undefined | Promise<string | null | undefined>);

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface RtcRequestOptions {
  /** the server (`https://host/`); default: the server this module was loaded from */
  baseUrl?: string;
  /** default: none (the server then looks for an `access_token` cookie) */
  token?: TokenSource;
  /** default: `globalThis.fetch` */
  fetch?: typeof fetch;
}

/** The body of `POST /api/v1/rtc/stats` without `room` and `connection`. Counters are cumulative. */
export interface StatsSummary {
  localCandidateType: CandidateType;
  remoteCandidateType: CandidateType;
  /** seconds */
  currentRoundTripTime?: number;
  bytesSent?: number;
  bytesReceived?: number;
  /** summed over the inbound audio and video RTP streams; absent without media */
  packetsReceived?: number;
  packetsLost?: number;
}

export interface StatsReport extends StatsSummary {
  room: string;
  connection: string;
}

export interface IceServersAnswer {
  iceServers: RTCIceServer[];
  /** seconds the TURN credential stays valid */
  ttl: number;
}

export interface SfuTicket {
  /** the kind of SFU, e.g. `livekit` */
  provider: string;
  url: string;
  room: string;
  token: string;
  /** Unix seconds */
  expiresAt: number;
}

export interface RtcStatsReporterOptions extends RtcRequestOptions {
  /** the room the connection belongs to; SIGNAL on it is required */
  room: string;
  /** the id the server knows this connection by (1 to 64 of A-Z a-z 0-9 . _ : -); default: random */
  connection?: string;
  /** default 5000 */
  intervalMs?: number;
  onReport?: (body: StatsReport) => void;
  onError?: (error: AqueductRtcError | Error) => void;
}

/** An HTTP refusal of an Aqueduct endpoint, or a failed request (no status). */
export class AqueductRtcError extends Error {
  readonly status?: number;
  /** the problem+json type, e.g. `urn:aqueduct:problem:forbidden` */
  readonly type?: string;
  readonly retryAfterMs?: number;
}

/** `null` while no candidate pair is selected. */
export function summarizeStats(report: RTCStatsReport | Iterable<[string, any]>): StatsSummary | null;

export function fetchIceServers(options?: RtcRequestOptions & { room?: string }): Promise<IceServersAnswer>;

export function joinSfu(room: string, options?: RtcRequestOptions): Promise<SfuTicket>;

export class RtcStatsReporter {
  constructor(pc: RTCPeerConnection, options: RtcStatsReporterOptions);
  readonly connection: string;
  readonly running: boolean;
  /** the last error of a periodic report; `null` after a report went through */
  lastError: AqueductRtcError | Error | null;
  lastReport: StatsReport | null;
  start(): this;
  /** stops and reports the connection as closed (once, if anything was reported) */
  stop(): Promise<void>;
  reportNow(): Promise<StatsReport | null>;
}

export function reportRtcStats(pc: RTCPeerConnection, options: RtcStatsReporterOptions): RtcStatsReporter;
