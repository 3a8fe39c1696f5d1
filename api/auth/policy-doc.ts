/** Rewrites the permission matrix in docs/security.md from POLICY: `npx tsx api/auth/policy-doc.ts`. */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { POLICY_END, POLICY_START, renderPolicy } from './policy.ts'

export const SECURITY_DOC = fileURLToPath(new URL('../../docs/security.md', import.meta.url))

/** The table currently between the markers of docs/security.md, or null when the markers are missing. */
export function documentedPolicy(text = readFileSync(SECURITY_DOC, 'utf8')): string | null {
  const a = text.indexOf(POLICY_START)
  const b = text.indexOf(POLICY_END)
  return a < 0 || b < a ? null : text.slice(a + POLICY_START.length, b).trim()
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = readFileSync(SECURITY_DOC, 'utf8')
  const a = text.indexOf(POLICY_START)
  const b = text.indexOf(POLICY_END)
  if (a < 0 || b < a) throw new Error(`docs/security.md lacks the markers ${POLICY_START} … ${POLICY_END}`)
  writeFileSync(SECURITY_DOC, `${text.slice(0, a + POLICY_START.length)}\n${renderPolicy()}\n${text.slice(b)}`)
  console.log('docs/security.md: permission matrix rewritten')
}
