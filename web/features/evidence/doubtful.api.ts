/** GET /evidence/doubtful: the issues closed in the last 30 days on an "after" photo with a warning. */
import { api, fetchJson } from '../../api/client.ts'

export function loadDoubtful() {
  return fetchJson(api.evidence.doubtful.$get({ query: {} }))
}
export type Doubtful = Awaited<ReturnType<typeof loadDoubtful>>
