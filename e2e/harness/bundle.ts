/** Gzipped size of the JavaScript a page downloaded, fetched again from the server that served it (what a compressing proxy would send). */
import { gzipSync } from 'node:zlib'

/** Sums gzip -9 sizes of the same-origin .js paths in `requests`; returns the total and each file. */
export async function gzippedJs(origin: string, requests: string[]): Promise<{ total: number; files: Record<string, number> }> {
  const files: Record<string, number> = {}
  for (const r of new Set(requests.map((p) => p.split('?')[0]).filter((p) => p.endsWith('.js')))) {
    const res = await fetch(origin + r)
    if (!res.ok) throw new Error(`${r}: HTTP ${res.status}`)
    files[r] = gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length
  }
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files }
}
