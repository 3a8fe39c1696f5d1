/**
 * `npm run bench [-- name …]`: runs each benchmark suite bench/<name>/index.ts in turn (all of them
 * when none is named). Suites print medians and same-run ratios; docs/performance.md records them.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const all = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${dir}${d.name}/index.ts`))
  .map((d) => d.name)
  .sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length) {
  console.error(`unknown benchmark suite(s): ${unknown.join(', ')}; known: ${all.join(', ')}`)
  process.exit(2)
}
for (const name of wanted.length ? wanted : all) {
  console.log(`\n=== bench/${name} (${new Date().toISOString()}) ===`)
  execFileSync('npx', ['tsx', `${dir}${name}/index.ts`], { stdio: 'inherit' })
}
