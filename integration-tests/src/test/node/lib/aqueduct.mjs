// Helpers for node tests against the running server under test.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { AqueductClient } from '../../../../../clients/js/aqueduct.js';

export const BASE = process.env.AQUEDUCT_IT_BASE ?? 'http://127.0.0.1:9380';

// The whole answer of the dev issuer: {access_token, token_type, expires_at (s), expires_in}.
export async function mintToken(claims) {
  const r = await fetch(`${BASE}/dev/token`, { method: 'POST', body: JSON.stringify(claims) });
  if (!r.ok) throw new Error(`dev token refused: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function devToken(claims) {
  return (await mintToken(claims)).access_token;
}

// The Prometheus text of /metrics.
export async function metricsText() {
  const r = await fetch(`${BASE}/metrics`);
  if (!r.ok) throw new Error(`metrics: ${r.status}`);
  return r.text();
}

// Sum of the samples of a metric family whose labels include every given label (0 when none matches).
// A counter (name ending in _total) is read three times and the highest sum kept: under load the server's
// /metrics answer now and then lacks some series (read as 0), and a counter never goes down.
export async function metricValue(name, labels = {}) {
  if (!name.endsWith('_total')) return metricSum(await metricsText(), name, labels);
  let best = 0;
  for (let i = 0; i < 3; i++) best = Math.max(best, metricSum(await metricsText(), name, labels));
  return best;
}

function metricSum(text, name, labels) {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === String(v))) sum += Number(m[4]);
  }
  return sum;
}

export async function publish(token, room, type, data) {
  const r = await fetch(`${BASE}/api/v1/rooms/${room}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type, data }),
  });
  if (!r.ok) throw new Error(`publish refused: ${r.status} ${await r.text()}`);
  return r.json();
}

// Debian's chromium, with the flags this environment needs (no sandbox as root, no background networking), and any
// extra flags a test needs.
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export async function waitFor(page, predicate, arg, timeout = 20000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
}

// ---- room bus (WS /ws) ----

// The JavaScript SDK in node, with the ws package as its WebSocket. Every socket it opens is kept in `sockets` (so a
// test can kill one) and every frame it sends in `sent`. Reconnects are quick unless the test says otherwise.
export function sdkClient(options = {}) {
  const sockets = [];
  const sent = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }

    send(data, ...rest) {
      sent.push(JSON.parse(data));
      super.send(data, ...rest);
    }
  }
  const client = new AqueductClient({
    url: `${BASE}/ws`, WebSocket: TrackedWebSocket, initialDelayMs: 50, maxDelayMs: 400, ...options,
  });
  return { client, sockets, sent };
}

// A room's deliveries and (re)joins as the SDK hands them to the application.
export async function joinCollecting(client, room, options = {}) {
  const messages = [];
  const joins = [];
  const handle = await client.join(room, {
    ...options, onMessage: (m) => messages.push(m), onJoined: (j) => joins.push(j),
  });
  return { room: handle, messages, joins };
}

export async function until(predicate, { timeout = 15000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(20);
  }
}

// A TCP proxy in front of the server that a test can break like a network: stall('up') stops reading what the
// client sends (its socket buffers fill and WebSocket.bufferedAmount grows), stall('down') holds back what the
// server sends, cut() drops every open connection, down() also refuses new ones until up().
export async function tcpProxy(target = BASE) {
  const { hostname, port } = new URL(target);
  const pairs = new Set();
  const stalled = { up: false, down: false };
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
    apply(pair);
  });
  const apply = ({ client, upstream }) => {
    if (stalled.up) client.pause(); else client.resume();
    if (stalled.down) upstream.pause(); else upstream.resume();
  };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    get connections() { return pairs.size; },
    stall(direction) {
      stalled[direction] = true;
      pairs.forEach(apply);
    },
    resume() {
      stalled.up = stalled.down = false;
      pairs.forEach(apply);
    },
    cut() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
    },
    down() {
      refusing = true;
      this.cut();
    },
    up() {
      refusing = false;
    },
    close() {
      this.down();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
