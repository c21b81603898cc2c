// A page created in this browser carries its first metadata (title, template) to the editor,
// which writes it into the new document once its local copy is open — offline too.
const PREFIX = 'carnet:new:'

export interface PageCreation {
  title: string
  /** Template id (packages/core/src/templates), '' for a blank page. */
  template: string
}

export function queuePageCreation(pageId: string, creation: PageCreation): void {
  try {
    sessionStorage.setItem(PREFIX + pageId, JSON.stringify(creation))
  } catch {
    // Without storage the page simply starts untitled.
  }
}

export function takePageCreation(pageId: string): PageCreation | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + pageId)
    if (raw === null) return null
    sessionStorage.removeItem(PREFIX + pageId)
    const value = JSON.parse(raw) as Partial<PageCreation>
    return { title: String(value.title ?? ''), template: String(value.template ?? '') }
  } catch {
    return null
  }
}
