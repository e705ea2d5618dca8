// Helpers for node tests against the running server under test.
import { chromium } from 'playwright-core';

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
export async function metricValue(name, labels = {}) {
  let sum = 0;
  for (const line of (await metricsText()).split('\n')) {
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

// Debian's chromium, with the flags this environment needs (no sandbox as root, no background networking).
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function waitFor(page, predicate, arg, timeout = 20000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
}
