// The lowest scheduling priority for the calling thread alone. On Linux a thread's id is a pid to
// setpriority(2), read from /proc/thread-self; elsewhere nothing changes. For threads whose work
// can wait: the relay's own thread, on the same core, must never wait for them.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

export function lowestThreadPriority(): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (!Number.isInteger(tid) || tid === process.pid) return false
    setPriority(tid, 19)
    return true
  } catch {
    return false
  }
}
