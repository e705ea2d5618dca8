// The Socket.IO side of the room bus fan-out benchmark (see docs/benchmarks.md, "Room bus fan-out (WebSocket) vs
// Socket.IO"). The same semantics as Aqueduct's room bus, written the way a Socket.IO application would:
//
//   "join" (room, ack?)                        -> socket.join(room), ack({room})
//   "pub"  ({room, id, type, payload}, ack?)   -> io.to(room).emit("msg", {room, type, id, from, ts, payload})
//                                                 (every member of the room, the sender too when it joined),
//                                                 then ack({id, room})
//
// WebSocket transport only (no HTTP long-polling), no compression (perMessageDeflate is off by default in
// Socket.IO 4), the ws native add-ons from the Socket.IO performance tuning guide (optional dependencies), and its
// "discard the initial HTTP request" memory tip. `from` is the name the client gives in its connect packet's auth
// ({"sub": "..."}); there is no authentication or per-message authorization here (Aqueduct checks its gate for every
// message).
//
// GET /bench/memory runs two full collections (node --expose-gc) and answers process.memoryUsage() and the number of
// connected clients, so the load generator can measure memory per idle connection. Nothing else is served.
//
// PORT (9681) and HOST (127.0.0.1) from the environment. Stops on SIGINT/SIGTERM.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT || 9681);
const host = process.env.HOST || '127.0.0.1';

const httpServer = createServer((req, res) => {
  // Socket.IO answers /socket.io/ itself; everything else arrives here.
  if (req.method === 'GET' && req.url === '/bench/memory') {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...m, gcExposed: typeof globalThis.gc === 'function', clients: io.engine.clientsCount }));
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});

const io = new Server(httpServer, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
});

// Socket.IO performance tuning: the initial HTTP request is kept on every connection unless dropped.
io.engine.on('connection', (rawSocket) => {
  rawSocket.request = null;
});

io.use((socket, next) => {
  const sub = socket.handshake.auth && socket.handshake.auth.sub;
  socket.data.sub = typeof sub === 'string' ? sub : socket.id;
  next();
});

io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    if (typeof room !== 'string' || room.length === 0) {
      if (typeof ack === 'function') ack({ error: 'invalid-room' });
      return;
    }
    socket.join(room);
    if (typeof ack === 'function') ack({ room });
  });

  socket.on('pub', (m, ack) => {
    if (m === null || typeof m !== 'object' || typeof m.room !== 'string') {
      if (typeof ack === 'function') ack({ error: 'invalid-field' });
      return;
    }
    io.to(m.room).emit('msg', {
      room: m.room,
      type: typeof m.type === 'string' ? m.type : 'message',
      id: m.id,
      from: socket.data.sub,
      ts: Date.now(),
      payload: m.payload,
    });
    if (typeof ack === 'function') ack({ id: m.id, room: m.room });
  });
});

httpServer.listen(port, host, () => {
  console.log(`socket.io bench server on http://${host}:${port} (pid ${process.pid}, node ${process.version})`);
});

const stop = () => {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
