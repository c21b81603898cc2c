// Saves text or bytes made in the browser as a file (exports work offline: nothing is asked of
// the server). The link is marked so that the app's router leaves it alone.
export function downloadFile(name: string, type: string, content: BlobPart): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.dataset.reload = ''
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
