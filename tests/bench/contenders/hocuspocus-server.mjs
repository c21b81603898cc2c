// Child entry: @hocuspocus/server 3.4.4 with @hocuspocus/extension-sqlite on a file, default
// settings otherwise (store debounced 2 s, at most 10 s; documents unloaded when the last client
// leaves). Listens on HOST:PORT.
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const server = new Server({
  port: Number(process.env.PORT),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: /** @type {string} */ (process.env.HOCUSPOCUS_DB) })],
})
await server.listen()
