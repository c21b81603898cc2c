import { spawn } from 'node:child_process'
const c = spawn('taskset', ['-c', '1', process.execPath, new URL('./ipc-child.mjs', import.meta.url).pathname], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
c.on('message', (m) => { console.log('parent got', m); c.send({ bye: true }) })
c.on('exit', (code) => console.log('exit', code, c.pid))
