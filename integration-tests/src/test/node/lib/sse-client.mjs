// A text/event-stream reader for node tests (GET /api/v1/events): fetch with a streaming body, parsed by the rules of
// the HTML event-stream format (blank line ends an event, `data:` lines joined with \n, `:` comments ignored).
import { until } from './aqueduct.mjs';

export async function openEvents(base, token, rooms, { lastEventId } = {}) {
  const ac = new AbortController();
  const headers = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const res = await fetch(`${base}/api/v1/events?rooms=${encodeURIComponent(rooms.join(','))}`,
    { headers, signal: ac.signal });
  if (res.status !== 200) throw new Error(`event stream refused: ${res.status} ${await res.text()}`);
  const stream = {
    events: [], // {event, id, data (parsed JSON or text)}
    ended: false,
    get messages() { return this.events.filter((e) => e.event === 'message').map((e) => e.data); },
    // the id of the last event that had one: the cursor a reconnecting EventSource would send
    get lastEventId() { return this.events.filter((e) => e.id !== undefined).at(-1)?.id; },
    async waitFor(pred, { timeout = 15000, what = 'events' } = {}) {
      await until(() => pred(this), { timeout, what: `${what}; got ${JSON.stringify(this.events.slice(-5))}` });
    },
    close() { ac.abort(); },
  };
  (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body) {
      buf += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        let event = 'message';
        let id;
        const data = [];
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'id') id = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length === 0) continue;
        const text = data.join('\n');
        let parsed;
        try { parsed = JSON.parse(text); } catch { parsed = text; }
        stream.events.push({ event, id, data: parsed });
      }
    }
  })().catch(() => {}).finally(() => { stream.ended = true; });
  return stream;
}
