// Child entry of the floor: a raw `ws` forwarder. It receives a frame and sends the same bytes to
// every other socket of the same path, nothing else — no parsing, no document, no storage. What it
// achieves is the physical limit of this machine for the same traffic. (A 200 on plain HTTP is
// only for the readiness probe.)
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'

/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map()
const http = createServer((_req, res) => res.end('floor'))
const wss = new WebSocketServer({ server: http, perMessageDeflate: false })
wss.on('connection', (ws, req) => {
  const key = req.url ?? '/'
  let room = rooms.get(key)
  if (!room) rooms.set(key, (room = new Set()))
  room.add(ws)
  ws.on('message', (data, isBinary) => {
    for (const other of /** @type {Set<import('ws').WebSocket>} */ (room)) if (other !== ws) other.send(data, { binary: isBinary })
  })
  ws.on('close', () => {
    room?.delete(ws)
    if (room?.size === 0) rooms.delete(key)
  })
  ws.on('error', () => {})
})
http.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
