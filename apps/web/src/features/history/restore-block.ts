// Whether this visitor may restore a version now, and if not, why — in the order that helps most:
// what the relay said about the page's rights first, then the network. Only writers restore: the
// relay would drop anyone else's change anyway, so the button says so instead of pretending.
import type { AccessState, RelayNotice } from '@carnet/core'

export type RestoreBlock = 'closed' | 'read-only' | 'wrong-key' | 'offline' | 'checking' | 'connecting'

export interface RestoreFacts {
  access: AccessState | null
  notice: RelayNotice | null
  /** The relay cannot be reached now (see sync-state.ts). */
  unreachable: boolean
  /** The live page is in step with the relay (the restore applies on top of today's page). */
  synced: boolean
}

/** `null` when the visitor can restore now. */
export function restoreBlock(facts: RestoreFacts): RestoreBlock | null {
  const { access } = facts
  if (access?.closed) return 'closed'
  if (access && !access.canWrite) return facts.notice?.code === 'wrong-key' ? 'wrong-key' : 'read-only'
  if (facts.unreachable) return 'offline'
  if (!access) return 'checking'
  if (!facts.synced) return 'connecting'
  return null
}
