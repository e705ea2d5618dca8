// Runs the CRDT trace benchmark side by side: the Java engine (TraceBench) and Yjs 13.6.33 on node,
// each trace and mode in several fresh processes, and prints a markdown table of medians.
// Usage (from the repository root): node bench/crdt/run-bench.mjs [runs=3] [traceDir=../shared/traces]
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, mkdirSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const runs = Number(process.argv[2] || 3)
const traceDir = process.argv[3] || join(root, '..', 'shared', 'traces')
const traces = ['automerge-paper.json.gz', 'seph-blog1.json.gz', 'friendsforever_flat.json.gz'].filter(t => existsSync(join(traceDir, t)))

// compile engine + bench classes (no Maven install needed)
const out = join(here, 'target', 'bench-classes')
mkdirSync(out, { recursive: true })
const sources = []
const walk = d => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.java')) sources.push(p) } }
walk(join(root, 'crdt-engine', 'src', 'main', 'java'))
walk(join(here, 'src', 'main', 'java'))
execFileSync('javac', ['--release', '17', '-d', out, ...sources], { stdio: 'inherit' })
if (!existsSync(join(here, 'node', 'node_modules', 'yjs'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: join(here, 'node'), stdio: 'inherit' })

const runJava = (trace, mode) => JSON.parse(execFileSync('java', ['-cp', out, 'dev.aqueduct.bench.crdt.TraceBench', join(traceDir, trace), mode]).toString().trim().split('\n').pop())
const runYjs = (trace, mode) => JSON.parse(execFileSync('node', ['--expose-gc', join(here, 'node', 'yjs-bench.mjs'), join(traceDir, trace), mode]).toString().trim().split('\n').pop())
const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

const rows = []
for (const trace of traces) {
  for (const mode of ['local', 'sync']) {
    const j = []; const y = []
    for (let i = 0; i < runs; i++) { y.push(runYjs(trace, mode)); j.push(runJava(trace, mode)) }
    const m = (rs, k) => median(rs.map(r => r[k]))
    rows.push({ trace, mode, j: Object.fromEntries(['coldMs', 'warmMs', 'parseMs', 'parseFirstMs', 'heapBytes', 'v1Bytes', 'v2Bytes'].map(k => [k, m(j, k)])), y: Object.fromEntries(['coldMs', 'warmMs', 'parseMs', 'parseFirstMs', 'heapBytes', 'v1Bytes', 'v2Bytes'].map(k => [k, m(y, k)])) })
    process.stderr.write(`${trace} ${mode} done\n`)
  }
}
const f = x => x.toFixed(0)
const r = (a, b) => (a / b).toFixed(2) + 'x'
console.log(`| trace | mode | Yjs cold ms | Java cold ms | ratio | Yjs warm ms | Java warm ms | ratio | Yjs parse ms (first / warm) | Java parse ms (first / warm) | ratio warm | Yjs heap MB | Java heap MB | V1 bytes Yjs / Java | V2 bytes Yjs / Java |`)
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const { trace, mode, j, y } of rows) {
  console.log(`| ${trace.replace('.json.gz', '')} | ${mode} | ${f(y.coldMs)} | ${f(j.coldMs)} | ${r(j.coldMs, y.coldMs)} | ${f(y.warmMs)} | ${f(j.warmMs)} | ${r(j.warmMs, y.warmMs)} | ${y.parseFirstMs.toFixed(1)} / ${y.parseMs.toFixed(1)} | ${j.parseFirstMs.toFixed(1)} / ${j.parseMs.toFixed(1)} | ${r(j.parseMs, y.parseMs)} | ${(y.heapBytes / 1048576).toFixed(2)} | ${(j.heapBytes / 1048576).toFixed(2)} | ${y.v1Bytes} / ${j.v1Bytes} | ${y.v2Bytes} / ${j.v2Bytes} |`)
}
console.log(`\n${runs} fresh processes per cell (median); node ${process.version}; ${spawnSync('java', ['-version']).stderr.toString().split('\n')[0]}`.trim())
