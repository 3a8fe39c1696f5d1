/** The 待审核 queue of residents' reports (GET /moderation/reports) and the moderator's decision (POST …/:id). */
import type { InferRequestType, InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'

type QueueBody = InferResponseType<typeof api.moderation.reports.$get, 200>
export type PendingReport = QueueBody['reports'][number]
export type RejectReasons = QueueBody['reject_reasons']
export type Decision = InferRequestType<(typeof api.moderation.reports)[':id']['$post']>['json']

/** The newest pending reports (a page) with the pending count and the list of rejection reasons. */
export const loadPending = (limit = 50) => fetchJson(api.moderation.reports.$get({ query: { limit: String(limit) } }))

/** Only the count, for a tab badge. */
export const pendingCount = async () => (await fetchJson(api.moderation.reports.$get({ query: { limit: '1' } }))).pending

export const decideReport = (id: number, json: Decision) =>
  fetchJson(api.moderation.reports[':id'].$post({ param: { id: String(id) }, query: {}, json }))

/** A pending report's photo, served to moderators only. */
export const photoUrl = (id: number, photo: string) => `/api/v1/moderation/reports/${id}/photos/${photo}`
