// Random bytes from Web Crypto, the one source both the browser and Node 20 offer as a global.

interface WebCryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T
}

export function randomBytes(length: number): Uint8Array {
  const crypto = (globalThis as { crypto?: WebCryptoLike }).crypto
  if (!crypto) throw new Error('Web Crypto is not available: cannot mint ids or keys safely')
  return crypto.getRandomValues(new Uint8Array(length))
}
