import { execSync } from 'node:child_process'
process.send({ pid: process.pid, aff: execSync(`taskset -p ${process.pid}`).toString().trim() })
process.on('message', (m) => { console.log('child got', m); process.disconnect() })
