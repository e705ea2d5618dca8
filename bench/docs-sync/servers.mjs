// The two peer servers of the documents benchmark, each as its documentation sets it up, plus one benchmark-only
// HTTP route, GET /bench/memory (a full GC, then process.memoryUsage() as JSON; needs node --expose-gc).
//
//   node --expose-gc servers.mjs y-websocket <port>   @y/websocket-server: setupWSConnection, default in-memory
//                                                     persistence (no YPERSISTENCE), document name = URL path
//   node --expose-gc servers.mjs hocuspocus <port>    @hocuspocus/server: Server with no extensions
import http from 'node:http'

const [kind, portArg] = process.argv.slice(2)
const port = Number(portArg)
const host = '127.0.0.1'

function memory (response) {
  if (global.gc) {
    global.gc()
    global.gc()
  }
  response.writeHead(200, { 'Content-Type': 'application/json' })
  response.end(JSON.stringify(process.memoryUsage()))
}

if (kind === 'y-websocket') {
  const { WebSocketServer } = await import('ws')
  const { setupWSConnection } = await import('@y/websocket-server/utils')
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', setupWSConnection)
  const server = http.createServer((request, response) => {
    if (request.url === '/bench/memory') return memory(response)
    response.writeHead(200, { 'Content-Type': 'text/plain' })
    response.end('okay')
  })
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, ws => wss.emit('connection', ws, request))
  })
  server.listen(port, host, () => console.log(`@y/websocket-server on ${host}:${port}`))
} else if (kind === 'hocuspocus') {
  const { Server } = await import('@hocuspocus/server')
  const server = new Server({
    address: host,
    port,
    quiet: true,
    async onRequest ({ request, response }) {
      if (request.url === '/bench/memory') {
        memory(response)
        // a rejection with no error ends the request here (Hocuspocus does not answer it itself)
        throw null // eslint-disable-line no-throw-literal
      }
    }
  })
  await server.listen()
  console.log(`@hocuspocus/server on ${host}:${port}`)
} else {
  console.error('usage: servers.mjs y-websocket|hocuspocus <port>')
  process.exit(2)
}
