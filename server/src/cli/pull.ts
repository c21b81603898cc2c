// `carnet pull <pageId>…`: asks the room relay running on this data directory to bring pages down
// from the city's Carnet now, ahead of a meeting, so that they are in the room even if its internet
// is down when the meeting starts. The running server does it (it holds the link to the city).
import { readInstanceFile } from '../admin/instance-file.js'

export async function pullPages(dataDir: string, pageIds: readonly string[]): Promise<void> {
  const running = readInstanceFile(dataDir)
  if (!running) throw new Error('no Carnet is running on this data directory: start the room relay (carnet serve with CARNET_UPSTREAM_URL) first — it holds the link to the city')
  const host = running.host.includes(':') ? `[${running.host}]` : running.host
  const response = await fetch(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${running.port}/admin/pull`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ pages: pageIds }),
  })
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string }
    throw new Error(`the room relay could not bring the pages down: ${body.error ?? response.status}`)
  }
}
