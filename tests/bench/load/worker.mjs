// Entry of a load-generator process (pinned to the load core by the orchestrator). It receives
// one job over IPC, runs it, reports its events and result, and exits. Writers and receivers of a
// job live in this one process, so send and arrival times share one clock (performance.now()).
/** @typedef {{ emit: (name: string, data?: unknown) => void, waitFor: (name: string, timeoutMs: number) => Promise<unknown> }} Control */

/** @type {Map<string, unknown[]>} */
const commands = new Map()
/** @type {Map<string, (data: unknown) => void>} */
const waiting = new Map()

/** @type {Control} */
const control = {
  emit(name, data) {
    process.send?.({ type: 'event', name, data })
  },
  waitFor(name, timeoutMs) {
    const queued = commands.get(name)
    if (queued?.length) return Promise.resolve(queued.shift())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load worker: no "${name}" command within ${timeoutMs} ms`)), timeoutMs)
      waiting.set(name, (data) => {
        clearTimeout(timer)
        resolve(data)
      })
    })
  },
}

process.on('message', async (/** @type {any} */ message) => {
  if (message.type === 'command') {
    const wake = waiting.get(message.name)
    if (wake) {
      waiting.delete(message.name)
      wake(message.data)
    } else {
      commands.set(message.name, [...(commands.get(message.name) ?? []), message.data])
    }
    return
  }
  if (message.type !== 'job') return
  try {
    const module = await import(new URL(`./jobs/${message.job}.mjs`, import.meta.url).href)
    const result = await module.run(message.params, control)
    process.send?.({ type: 'result', result }, () => process.exit(0))
  } catch (error) {
    const err = /** @type {Error} */ (error)
    process.send?.({ type: 'error', message: err.message, stack: err.stack }, () => process.exit(1))
  }
})

// The orchestrator going away must not leave a load process behind.
process.on('disconnect', () => process.exit(2))
