// Reads one value from the relay's /metrics (Prometheus text format).
export async function metricValue(httpUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `) || (!labels && l.startsWith(`${name} `)))
  return line ? Number(line.split(' ').pop()) : 0
}
