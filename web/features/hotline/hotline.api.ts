/** The 12345 待定位 queue: orders the locator could not place (GET /hotline/unlocated), placed by staff (POST …/place). */
import type { InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'

export type Unlocated = InferResponseType<typeof api.hotline.unlocated.$get, 200>['cases'][number]

export const loadUnlocated = async () => (await fetchJson(api.hotline.unlocated.$get({ query: {} }))).cases

export const placeCase = (caseNo: string, lon: number, lat: number) =>
  fetchJson(api.hotline.cases[':case_no'].place.$post({ param: { case_no: caseNo }, query: {}, json: { lon, lat } }))
