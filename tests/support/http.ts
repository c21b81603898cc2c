// Small fetch wrappers for the HTTP API.
export async function getJson<T = any>(url: string): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url)
  return { status: res.status, body: (await res.json()) as T, headers: res.headers }
}

export async function getText(url: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url)
  return { status: res.status, body: await res.text(), headers: res.headers }
}
