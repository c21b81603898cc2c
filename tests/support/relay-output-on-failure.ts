// Vitest setup for the integration tests: a failed test gets the output of the relay processes
// during it (relay-process.ts keeps it rather than echoing it, so a green run stays quiet).
import { afterEach, beforeEach } from 'vitest'
import { relayOutputSince } from './relay-process.js'

let testStartedAt = 0

beforeEach(() => {
  testStartedAt = Date.now()
})

afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return
  const output = relayOutputSince(testStartedAt)
  if (output) console.error(`relay output during "${task.name}":\n${output}`)
})
