// Work that follows the edits without being on their path (search indexing, history versions):
// one job at a time, each in its own turn of the event loop, so that a thousand pages due at the
// same moment never hold up the keystrokes arriving meanwhile.
type Job = () => Promise<void>

export class BackgroundWork {
  private readonly jobs: Array<{ job: Job; settle: (error?: unknown) => void }> = []
  private running = false

  /** Runs `job` after the jobs queued before it; settles as the job does (a failure stops no other). */
  run(job: Job): Promise<void> {
    return new Promise((resolve, reject) => {
      this.jobs.push({ job, settle: (error) => (error === undefined ? resolve() : reject(error)) })
      if (!this.running) this.next()
    })
  }

  get pending(): number {
    return this.jobs.length
  }

  private next(): void {
    const entry = this.jobs.shift()
    if (!entry) {
      this.running = false
      return
    }
    this.running = true
    // setImmediate: the network's callbacks get their turn between two jobs.
    setImmediate(() => {
      // A job that throws before it returns its promise settles like one that rejects: thrown in
      // this callback, the error would take the whole process down with it.
      let running: Promise<void>
      try {
        running = entry.job()
      } catch (error) {
        running = Promise.reject(error)
      }
      running
        .then(
          () => entry.settle(),
          (error: unknown) => entry.settle(error ?? new Error('background job failed')),
        )
        .finally(() => this.next())
    })
  }
}

/** The relay process's one queue of background work. */
export const backgroundWork = new BackgroundWork()
