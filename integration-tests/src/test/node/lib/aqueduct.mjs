// Helpers for node tests against the running server under test.
import { chromium } from 'playwright-core';

export const BASE = process.env.AQUEDUCT_IT_BASE ?? 'http://127.0.0.1:9380';

export async function devToken(claims) {
  const r = await fetch(`${BASE}/dev/token`, { method: 'POST', body: JSON.stringify(claims) });
  if (!r.ok) throw new Error(`dev token refused: ${r.status} ${await r.text()}`);
  return (await r.json()).access_token;
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
