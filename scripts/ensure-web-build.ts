/**
 * Builds the web app when dist/web is missing or older than its sources, so `npm start` works on a
 * fresh checkout and a restart does not pay for a rebuild.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const OUT = 'dist/web/index.html'
// scripts/vite-pwa.ts: the service worker's config, imported by vite.config.ts
const SOURCES = ['web', 'vite.config.ts', 'scripts/vite-pwa.ts', 'package-lock.json']

function newest(path: string): number {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))))
}

if (!existsSync('web')) process.exit(0)
const built = existsSync(OUT) ? statSync(OUT).mtimeMs : 0
if (built < Math.max(...SOURCES.map(newest))) {
  console.log('[civic-grid] building the web app (first start or changed sources)…')
  // Always the production bundle: a NODE_ENV inherited from the caller (Vitest sets "test") would
  // make Vite build Vue's development code, a different and larger bundle than users get.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}
