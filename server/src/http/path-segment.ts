// A page id as a URL path carries it: percent-decoded when it can be; a malformed escape is kept
// as it came, so that the id check refuses it with its usual message.
export function decodePathSegment(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
