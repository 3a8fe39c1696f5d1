/** Gzipped size of the built JavaScript a page downloaded, read from dist/web (what a proxy would send compressed). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** Sums gzip -9 sizes of the same-origin .js paths in `requests`; returns the total and each file. */
export function gzippedJs(requests: string[], root = 'dist/web'): { total: number; files: Record<string, number> } {
  const files: Record<string, number> = {}
  for (const r of new Set(requests.map((p) => p.split('?')[0]).filter((p) => p.endsWith('.js')))) {
    files[r] = gzipSync(readFileSync(join(root, r)), { level: 9 }).length
  }
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files }
}
