// Load generator of the collaborative documents benchmark (see docs/benchmarks.md, "Collaborative documents vs
// y-websocket server and Hocuspocus"). One generator for every server: N documents x C clients, every client sends
// R small Yjs updates per second (open loop), and the generator measures how long each update takes to reach every
// other client of its document.
//
//   node gen.mjs --server aqueduct-yjs|aqueduct-collab|y-websocket|hocuspocus --port P --pid SERVER_PID
//       [--ladder 10,50,100,150,200,300] [--clients 10] [--rate 5] [--warmup 5] [--duration 20] [--drain 10]
//       [--prewarm DOCS] [--prewarm-seconds 10] [--label TEXT] [--out results.jsonl] [--keep-going] [--stop-from 100]
//       [--dump-cmd CMD]
//   node gen.mjs report results1.jsonl results2.jsonl ...     (markdown tables of the steps)
//
// Cheap per update, because it shares the machine with the server:
// - every client has its own Y.Doc and makes real text inserts at the end of its own text; before a step, all its
//   updates for the step are produced by yjs and pre-encoded as complete WebSocket frames (y-protocols sync
//   "update" message, Hocuspocus: behind the document name). The inserted text is "~#<id>#", so a receiver finds
//   the update's id in the bytes it receives (even if a server merges updates) without decoding them;
// - clients do not apply what they receive (their own updates only reference their own text, so they stay valid);
// - sockets are plain TCP sockets with a minimal WebSocket client: no extensions, masked frames with a zero key,
//   several frames parsed per read.
import net from 'node:net'
import http from 'node:http'
import fs from 'node:fs'
import crypto from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'

const HOST = '127.0.0.1'
const MARK = Buffer.from('~#')
const HASH = 0x23

// ---------------------------------------------------------------------------------------------------------- args
function parseArgs (argv) {
  const a = {
    server: null, port: 0, pid: 0, ladder: '10,50,100,150,200,300', clients: 10, rate: 5, warmup: 5, duration: 20,
    drain: 10, stopFrom: 100, prewarm: 0, prewarmS: 10, label: null, out: null, keepGoing: false, maxPending: 100, dumpCmd: null, connectTimeout: 90
  }
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]
    const v = () => argv[++i]
    switch (k) {
      case '--server': a.server = v(); break
      case '--port': a.port = Number(v()); break
      case '--pid': a.pid = Number(v()); break
      case '--ladder': a.ladder = v(); break
      case '--clients': a.clients = Number(v()); break
      case '--rate': a.rate = Number(v()); break
      case '--warmup': a.warmup = Number(v()); break
      case '--duration': a.duration = Number(v()); break
      case '--drain': a.drain = Number(v()); break
      case '--label': a.label = v(); break
      case '--prewarm': a.prewarm = Number(v()); break
      case '--prewarm-seconds': a.prewarmS = Number(v()); break
      case '--out': a.out = v(); break
      case '--keep-going': a.keepGoing = true; break
      case '--stop-from': a.stopFrom = Number(v()); break
      case '--max-pending': a.maxPending = Number(v()); break
      case '--dump-cmd': a.dumpCmd = v(); break
      default: throw new Error('unknown argument ' + k)
    }
  }
  if (!['aqueduct-yjs', 'aqueduct-collab', 'y-websocket', 'hocuspocus'].includes(a.server)) {
    throw new Error('--server aqueduct-yjs|aqueduct-collab|y-websocket|hocuspocus')
  }
  a.ladder = a.ladder.split(',').map(Number)
  a.label = a.label || a.server
  a.proto = a.server === 'aqueduct-collab' || a.server === 'hocuspocus' ? 'hocuspocus' : 'yjs'
  a.jvm = a.server.startsWith('aqueduct')
  return a
}

// ------------------------------------------------------------------------------------------------- server probe
function cpuMillis (pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  return (Number(f[11]) + Number(f[12])) * 10 // utime + stime, in clock ticks of 10 ms (CLK_TCK 100)
}

function rssKiB (pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) : NaN
}

function httpJson (port, path, method = 'GET', body = null) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, path, method, headers: { 'Content-Type': 'application/json' }, timeout: 30000 },
      res => {
        let data = ''
        res.setEncoding('utf8')
        res.on('data', d => { data += d })
        res.on('end', () => res.statusCode < 300 ? resolve(JSON.parse(data)) : reject(new Error(`${path}: ${res.statusCode} ${data}`)))
      })
    req.on('error', reject)
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.end(body ? JSON.stringify(body) : undefined)
  })
}

// used heap after full collections (KiB) and RSS (KiB)
async function memory (args) {
  if (args.jvm) {
    const jcmd = c => execFileSync('jcmd', [String(args.pid), c], { encoding: 'utf8', timeout: 60000 })
    jcmd('GC.run')
    jcmd('GC.run')
    const m = /heap\s+total\s+\d+K,\s+used\s+(\d+)K/.exec(jcmd('GC.heap_info'))
    return { heapKiB: m ? Number(m[1]) : NaN, rssKiB: rssKiB(args.pid) }
  }
  const u = await httpJson(args.port, '/bench/memory')
  return { heapKiB: Math.round(u.heapUsed / 1024), rssKiB: rssKiB(args.pid) }
}

// --------------------------------------------------------------------------------------------- y-protocols bytes
function varString (enc, s) { encoding.writeVarString(enc, s) }

function prefix (proto, name) { // the document name in front of every Hocuspocus message
  const e = encoding.createEncoder()
  if (proto === 'hocuspocus') varString(e, name)
  return e
}

function syncMessage (proto, name, syncType, bytes) {
  const e = prefix(proto, name)
  encoding.writeVarUint(e, 0) // sync
  encoding.writeVarUint(e, syncType) // 0 step 1, 1 step 2, 2 update
  encoding.writeVarUint8Array(e, bytes)
  return encoding.toUint8Array(e)
}

function authMessage (name, token) { // Hocuspocus: auth, token
  const e = prefix('hocuspocus', name)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint(e, 0)
  varString(e, token)
  return encoding.toUint8Array(e)
}

const EMPTY_SV = Y.encodeStateVector(new Y.Doc())
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

// A masked client frame with a zero masking key (the payload is sent as is).
function wsFrame (payload, opcode = 2) {
  const n = payload.length
  const hl = n < 126 ? 2 : n < 65536 ? 4 : 10
  const f = Buffer.allocUnsafe(hl + 4 + n)
  f[0] = 0x80 | opcode
  if (n < 126) {
    f[1] = 0x80 | n
  } else if (n < 65536) {
    f[1] = 0x80 | 126
    f.writeUInt16BE(n, 2)
  } else {
    f[1] = 0x80 | 127
    f.writeUInt32BE(0, 2)
    f.writeUInt32BE(n, 6)
  }
  f.writeUInt32BE(0, hl)
  f.set(payload, hl + 4)
  return f
}

// ------------------------------------------------------------------------------------------------------- a step
class Step {
  constructor (args, docs, stepNo, tokens) {
    this.args = args
    this.docs = docs
    this.n = docs * args.clients
    this.stepNo = stepNo
    this.tokens = tokens
    this.perClient = Math.ceil((args.warmup + args.duration) * args.rate)
    const total = this.n * this.perClient // update ids: client * perClient + k
    this.total = total
    this.sent = new Float64Array(total) // send time (ms), 0 = not sent
    this.remaining = new Uint8Array(total) // receivers still waiting
    this.measured = new Uint8Array(total)
    this.lat = []
    this.errors = []
    this.duplicates = 0
    this.misrouted = 0
    this.closed = 0
  }

  docName (d) {
    const base = `bench-${process.pid}-s${this.stepNo}-${d}`
    return this.args.server.startsWith('aqueduct') ? 'doc:' + base : base
  }

  // all updates of all clients, produced by yjs, as WebSocket frames
  prepare () {
    const { args } = this
    this.clients = []
    for (let c = 0; c < this.n; c++) {
      const d = Math.floor(c / args.clients)
      const name = this.docName(d)
      const doc = new Y.Doc()
      const text = doc.getText('text')
      const frames = new Array(this.perClient)
      let k = 0
      doc.on('update', u => { frames[k] = wsFrame(syncMessage(args.proto, name, 2, u)) })
      for (; k < this.perClient; k++) text.insert(text.length, `~#${c * this.perClient + k}#`)
      doc.destroy()
      this.clients.push({ c, d, name, frames, k: 0, conn: null, ready: false, phase: Math.random() / args.rate })
    }
  }

  path (cl) {
    const t = this.tokens ? this.tokens[cl.c % this.args.clients] : null
    switch (this.args.server) {
      case 'aqueduct-yjs': return `/yjs/${encodeURIComponent(cl.name)}?access_token=${t}`
      case 'aqueduct-collab': return `/collab?access_token=${t}`
      case 'y-websocket': return `/${cl.name}`
      default: return '/'
    }
  }

  async connectAll () {
    const { args } = this
    let next = 0
    let pending = 0
    let ready = 0
    const deadline = Date.now() + args.connectTimeout * 1000
    await new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        if (Date.now() > deadline) { clearInterval(timer); reject(new Error(`only ${ready} of ${this.n} clients synced`)) }
        if (this.errors.length) { clearInterval(timer); reject(new Error(this.errors[0])) }
      }, 200)
      const pump = () => {
        while (pending < args.maxPending && next < this.n) {
          const cl = this.clients[next++]
          pending++
          cl.conn = new Conn(this, cl, () => {
            pending--
            ready++
            if (ready === this.n) { clearInterval(timer); resolve() } else pump()
          })
        }
      }
      pump()
    })
  }

  // a received update message for client cl: find the ids, count the receipt
  onUpdate (cl, buf, from) {
    let i = buf.indexOf(MARK, from)
    while (i >= 0) {
      let j = i + 2
      let id = 0
      let b
      while (j < buf.length && (b = buf[j]) >= 0x30 && b <= 0x39) { id = id * 10 + (b - 0x30); j++ }
      if (j < buf.length && b === HASH && j > i + 2) {
        const sender = Math.floor(id / this.perClient)
        if (sender !== cl.c && id < this.total) {
          if (Math.floor(sender / this.args.clients) !== cl.d) {
            this.misrouted++
          } else if (this.remaining[id] === 0) {
            this.duplicates++
          } else if (--this.remaining[id] === 0 && this.measured[id]) {
            this.lat.push(performance.now() - this.sent[id])
          }
        }
      }
      i = buf.indexOf(MARK, j)
    }
  }

  // open loop: client cl sends its k-th update at start + phase + k / rate
  async load () {
    const { args } = this
    const order = [...this.clients].sort((a, b) => a.phase - b.phase)
    const period = 1000 / args.rate
    const start = performance.now() + 50
    const mStart = start + args.warmup * 1000
    const mEnd = mStart + args.duration * 1000
    const others = args.clients - 1
    let k = 0
    let idx = 0
    let sentTotal = 0
    let sentInWindow = 0
    let maxLag = 0
    let cpu0 = null
    let cpu1 = null
    await new Promise(resolve => {
      const tick = () => {
        const now = performance.now()
        if (cpu0 === null && now >= mStart) cpu0 = { server: cpuMillis(args.pid), gen: process.cpuUsage(), t: now, sent: sentTotal }
        if (cpu1 === null && now >= mEnd) cpu1 = { server: cpuMillis(args.pid), gen: process.cpuUsage(), t: now, sent: sentTotal }
        while (k < this.perClient) {
          const cl = order[idx]
          const due = start + k * period + cl.phase * 1000
          if (due > now) break
          if (now - due > maxLag) maxLag = now - due
          const id = cl.c * this.perClient + k
          const inWindow = due >= mStart && due < mEnd
          this.sent[id] = now
          this.remaining[id] = others
          this.measured[id] = inWindow ? 1 : 0
          if (inWindow) sentInWindow++
          sentTotal++
          if (!cl.conn.closed) cl.conn.socket.write(cl.frames[k])
          if (++idx === order.length) { idx = 0; k++ }
        }
        if (k >= this.perClient && cpu1 !== null) resolve()
        else setTimeout(tick, 1)
      }
      tick()
    })
    this.sentInWindow = sentInWindow
    this.maxLag = maxLag
    this.window = { cpu0, cpu1 }
    // drain: wait until every measured update reached every other client, or the drain time is over
    const drainEnd = performance.now() + args.drain * 1000
    const allIn = () => this.lat.length >= sentInWindow
    while (!allIn() && performance.now() < drainEnd) await sleep(100)
    this.drainMs = performance.now() - mEnd
  }

  closeAll () {
    for (const cl of this.clients) cl.conn?.close()
  }
}

// ------------------------------------------------------------------------------ a minimal WebSocket client (RFC 6455)
class Conn {
  constructor (step, cl, onReady) {
    this.step = step
    this.cl = cl
    this.onReady = onReady
    this.closed = false
    this.upgraded = false
    this.rest = null
    this.frag = null
    const proto = step.args.proto
    this.proto = proto
    this.step2 = wsFrame(syncMessage(proto, cl.name, 1, EMPTY_UPDATE))
    const key = crypto.randomBytes(16).toString('base64')
    this.socket = net.connect({ host: HOST, port: step.args.port, noDelay: true }, () => {
      this.socket.write(`GET ${step.path(cl)} HTTP/1.1\r\nHost: ${HOST}:${step.args.port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`)
    })
    this.socket.on('data', d => this.onData(d))
    this.socket.on('error', e => this.fail('socket error: ' + e.message))
    this.socket.on('close', () => { if (!this.closed) this.fail('socket closed by the server') })
  }

  fail (why) {
    if (this.closed) return
    this.closed = true
    this.step.closed++
    if (this.step.errors.length < 20) this.step.errors.push(`client ${this.cl.c} (${this.cl.name}): ${why}`)
    this.socket.destroy()
  }

  close () {
    if (this.closed) return
    this.closed = true
    this.socket.write(wsFrame(Buffer.from([0x03, 0xe8]), 8))
    this.socket.end()
    setTimeout(() => this.socket.destroy(), 2000).unref()
  }

  send (payload) { this.socket.write(wsFrame(payload)) }

  onOpen () {
    const { cl, proto } = this
    if (proto === 'hocuspocus') this.send(authMessage(cl.name, this.step.tokens ? this.step.tokens[cl.c % this.step.args.clients] : 'bench'))
    this.send(syncMessage(proto, cl.name, 0, EMPTY_SV))
  }

  onData (d) {
    let buf = this.rest ? Buffer.concat([this.rest, d]) : d
    this.rest = null
    let o = 0
    if (!this.upgraded) {
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) { this.rest = buf; return }
      const head = buf.toString('latin1', 0, end)
      if (!head.startsWith('HTTP/1.1 101')) return this.fail('upgrade refused: ' + head.split('\r\n')[0])
      this.upgraded = true
      o = end + 4
      this.onOpen()
    }
    const n = buf.length
    while (n - o >= 2) {
      const b0 = buf[o]
      let len = buf[o + 1] & 0x7f
      let h = 2
      if (len === 126) { if (n - o < 4) break; len = buf.readUInt16BE(o + 2); h = 4 } else if (len === 127) { if (n - o < 10) break; len = buf.readUInt32BE(o + 6); h = 10 }
      if (n - o < h + len) break
      const payload = buf.subarray(o + h, o + h + len)
      o += h + len
      const op = b0 & 0x0f
      if (op === 2 || op === 0) {
        if (!(b0 & 0x80)) { this.frag = this.frag ? Buffer.concat([this.frag, payload]) : Buffer.from(payload); continue }
        if (this.frag) { const all = Buffer.concat([this.frag, payload]); this.frag = null; this.onMessage(all) } else this.onMessage(payload)
      } else if (op === 9) {
        this.socket.write(wsFrame(payload, 10))
      } else if (op === 8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
        return this.fail(`close ${code} ${payload.toString('utf8', 2)}`)
      } else if (op === 1) {
        return this.fail('text frame')
      }
      if (this.closed) return
    }
    if (o < n) this.rest = Buffer.from(buf.subarray(o))
  }

  onMessage (m) {
    let o = 0
    if (this.proto === 'hocuspocus') {
      if (m.length === 1) { if (m[0] === 9) this.send(Buffer.from([10])); return } // connection ping
      o = 1 + m[0] // the document name (varstring; names here are shorter than 128 bytes)
    }
    const type = m[o]
    if (type === 0 || (type === 4 && this.proto === 'hocuspocus')) { // sync, sync reply
      const st = m[o + 1]
      if (st === 2) this.step.onUpdate(this.cl, m, o + 2)
      else if (st === 0) this.socket.write(this.step2)
      else if (st === 1 && !this.cl.ready) { this.cl.ready = true; this.onReady() }
    } else if (type === 2) { // auth
      const sub = m[o + 1]
      if ((this.proto === 'yjs' && sub === 0) || (this.proto === 'hocuspocus' && sub === 1)) {
        this.fail('permission denied: ' + m.toString('utf8', o + 3))
      }
    } else if (type === 7 && this.proto === 'hocuspocus') {
      this.fail('close message')
    }
  }
}

// ---------------------------------------------------------------------------------------------------------- main
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

function pct (sorted, p) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]
}

async function runStep (args, docs, stepNo, tokens) {
  const step = new Step(args, docs, stepNo, tokens)
  const t0 = performance.now()
  step.prepare()
  const prepareS = (performance.now() - t0) / 1000
  const m0 = await memory(args)
  const c0 = performance.now()
  await step.connectAll()
  const connectS = (performance.now() - c0) / 1000
  await sleep(2000)
  const m1 = await memory(args)
  let dumps = null
  if (args.dumpCmd) {
    // diagnostics in the middle of the measured window (e.g. thread dumps); runs concurrently with the load
    const when = (args.warmup + args.duration / 2) * 1000
    dumps = setTimeout(() => spawnSync('sh', ['-c', args.dumpCmd.replaceAll('{step}', String(docs))], { stdio: 'inherit' }), when)
  }
  await step.load()
  if (dumps) clearTimeout(dumps)
  await sleep(500)
  const m2 = await memory(args)
  step.closeAll()
  const { cpu0, cpu1 } = step.window
  const winS = (cpu1.t - cpu0.t) / 1000
  const lat = Float64Array.from(step.lat).sort()
  const serverCpuMs = cpu1.server - cpu0.server
  const genCpuMs = ((cpu1.gen.user + cpu1.gen.system) - (cpu0.gen.user + cpu0.gen.system)) / 1000
  const delivered = step.lat.length
  const r = {
    label: args.label,
    server: args.server,
    docs,
    clients: args.clients,
    rate: args.rate,
    offered: docs * args.clients * args.rate,
    sentPerS: step.sentInWindow / args.duration,
    measured: step.sentInWindow,
    delivered,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    max: lat.length ? lat[lat.length - 1] : NaN,
    serverCpuPct: serverCpuMs / winS / 10,
    cpuPer1000: serverCpuMs / step.sentInWindow * 1000,
    genCpuPct: genCpuMs / winS / 10,
    heapPerDocKiB: (m1.heapKiB - m0.heapKiB) / docs,
    rssPerDocKiB: (m1.rssKiB - m0.rssKiB) / docs,
    heapPerDocAfterKiB: (m2.heapKiB - m0.heapKiB) / docs,
    m0, m1, m2,
    maxSendLagMs: step.maxLag,
    drainMs: step.drainMs,
    connectS,
    prepareS,
    duplicates: step.duplicates,
    misrouted: step.misrouted,
    closed: step.closed,
    errors: step.errors,
    load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  }
  r.sustained = r.delivered === r.measured && r.p99 < 100 && r.closed === 0 && r.misrouted === 0 && r.sentPerS >= 0.95 * r.offered
  return r
}

function fmt (x, d = 0) {
  if (x === undefined || x === null || Number.isNaN(x)) return '-'
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

function row (r) {
  const deliveredPct = r.measured ? 100 * r.delivered / r.measured : 0
  return `| ${r.label} | ${r.docs} x ${r.clients} | ${fmt(r.offered)} (${fmt(r.sentPerS)}) | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ` +
    `${fmt(r.max)} | ${deliveredPct === 100 ? '100 %' : fmt(deliveredPct, 2) + ' %'} | ${fmt(r.serverCpuPct)} % | ${fmt(r.cpuPer1000)} | ` +
    `${fmt(r.heapPerDocKiB, 1)} / ${fmt(r.heapPerDocAfterKiB, 1)} | ${fmt(r.rssPerDocKiB, 1)} | ${fmt(r.genCpuPct)} % | ${r.sustained ? 'yes' : 'no'}${r.error ? ' (' + r.error + ')' : ''} |`
}

const HEADER = '| server | documents x clients | updates/s offered (sent) | p50 (ms) | p99 (ms) | max (ms) | delivered | server CPU (% of 1 core) | server CPU ms per 1,000 updates | heap per document, loaded / after the load (KiB) | RSS per document (KiB) | generator CPU | sustained |\n' +
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'

function report (files) {
  const rows = files.flatMap(f => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l)))
  console.log(HEADER)
  for (const r of rows) console.log(row(r))
  // side by side: one column per server
  const labels = [...new Set(rows.map(r => r.label))]
  const ladder = [...new Set(rows.map(r => r.docs))].sort((a, b) => a - b)
  const cell = (l, d, f) => { const r = rows.find(x => x.label === l && x.docs === d); return r ? f(r) : 'not run' }
  console.log()
  console.log('| documents x 10 clients | ' + labels.join(' | ') + ' |')
  console.log('|---|' + labels.map(() => '---:').join('|') + '|')
  for (const d of ladder) {
    console.log(`| ${d}: p50 / p99 (ms) | ` + labels.map(l => cell(l, d, r => r.error ? 'failed' : `${fmt(r.p50, 1)} / ${fmt(r.p99, 1)}${r.sustained ? '' : ' ✗'}`)).join(' | ') + ' |')
    // when the server falls behind, CPU per update is per update sent, not per update handled: a lower bound
    console.log(`| ${d}: CPU ms per 1,000 updates | ` + labels.map(l => cell(l, d, r => fmt(r.cpuPer1000) + (r.sustained ? '' : ' (overloaded)'))).join(' | ') + ' |')
  }
  console.log('| heap per loaded document (KiB), at 100 | ' + labels.map(l => cell(l, 100, r => fmt(r.heapPerDocKiB, 1))).join(' | ') + ' |')
  console.log('| highest load sustained (p99 < 100 ms, all delivered) | ' + labels.map(l => {
    const ok = rows.filter(r => r.label === l && r.sustained).map(r => r.docs)
    return ok.length ? `${Math.max(...ok)} documents` : 'none'
  }).join(' | ') + ' |')
}

async function main () {
  if (process.argv[2] === 'report') return report(process.argv.slice(3))
  const args = parseArgs(process.argv.slice(2))
  let tokens = null
  if (args.jvm) {
    tokens = []
    for (let i = 0; i < args.clients; i++) {
      const t = await httpJson(args.port, '/dev/token', 'POST', { sub: `bench-${i}`, rooms: { 'doc:*': 'rwp' }, ttl: 7200 })
      tokens.push(t.access_token)
    }
  }
  console.error(`${args.label}: ladder ${args.ladder.join(',')} documents x ${args.clients} clients x ${args.rate} updates/s`)
  let stepNo = 0
  if (args.prewarm > 0) {
    // the same load for a while before the ladder, not reported (JIT compilation, pools, caches)
    const w = { ...args, warmup: 0, duration: args.prewarmS, dumpCmd: null }
    try {
      const r = await runStep(w, args.prewarm, ++stepNo, tokens)
      console.error(`pre-warm ${args.prewarm} documents for ${args.prewarmS} s: p99 ${fmt(r.p99, 1)} ms, ${fmt(r.cpuPer1000)} ms CPU per 1,000 updates (not reported)`)
    } catch (e) {
      console.error(`pre-warm failed: ${e.message}`)
    }
    await sleep(3000)
  }
  console.log(HEADER)
  for (const docs of args.ladder) {
    let r
    try {
      r = await runStep(args, docs, ++stepNo, tokens)
    } catch (e) {
      r = { label: args.label, server: args.server, docs, clients: args.clients, rate: args.rate, offered: docs * args.clients * args.rate, error: e.message, sustained: false }
      console.error(`${docs} documents: ${e.message}`)
    }
    if (r.errors && r.errors.length) console.error(r.errors.slice(0, 5).join('\n'))
    console.log(row(r))
    if (args.out) fs.appendFileSync(args.out, JSON.stringify(r) + '\n')
    await sleep(3000)
    // the ladder goes on up to --stop-from documents in any case (the CPU per update there is compared), and beyond
    // only while every step is sustained
    if (!r.sustained && !args.keepGoing && docs >= args.stopFrom) break
    if (r.error && !args.keepGoing) break
  }
  process.exit(0)
}

main().catch(e => { console.error(e); process.exit(1) })
