// The name of a page's IndexedDB database (y-indexeddb), shared by the editor and the eraser.
export function localDatabaseName(pageId: string): string {
  return `carnet-page-${pageId}`
}
