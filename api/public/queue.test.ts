/**
 * The 待审核 queue finds each pending report's photos through the uploader index (0220): a page of
 * the queue with 10,000 reports waiting read the whole photo table once per report before it
 * (bench/public-reports). The queue still lists exactly each report's own photos, in upload order.
 */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'
import { PLAIN_JPEG, PLAIN_WEBP } from '../photos/test-images.ts'
import { reportId, submit } from './test-helpers.ts'

describe('the 待审核 queue and its photos', () => {
  it("lists each report's own photos in upload order, and their lookup is an index scan", async () => {
    const marker = `队列照片-${Date.now()}`
    const two = await submit({ description: `${marker}-2`, photos: [PLAIN_JPEG, PLAIN_WEBP] })
    const one = await submit({ description: `${marker}-1`, photos: [PLAIN_WEBP] })
    expect([two.status, one.status]).toEqual([201, 201])
    const ids = { two: await reportId(two.body.code), one: await reportId(one.body.code) }

    const cookie = await cookieOf('inspector')
    const queue = await send('GET', '/api/v1/moderation/reports?limit=200', undefined, cookie)
    expect(queue.status).toBe(200)
    const byId = new Map(queue.body.reports.map((r: Json) => [r.id, r]))
    const photosOf = (id: number) => (byId.get(id) as Json).photos as string[]
    expect(photosOf(ids.two)).toHaveLength(2)
    expect(photosOf(ids.one)).toHaveLength(1)
    expect(new Set([...photosOf(ids.two), ...photosOf(ids.one)]).size).toBe(3)
    // each id is that report's photo, in the order the form carried them
    const app = await testApp()
    const mime = async (id: number, photo: string) =>
      (await app.request(`/api/v1/moderation/reports/${id}/photos/${photo}`, { headers: { cookie } })).headers.get('content-type')
    expect(await mime(ids.two, photosOf(ids.two)[0])).toBe('image/jpeg')
    expect(await mime(ids.two, photosOf(ids.two)[1])).toBe('image/webp')
    expect(await mime(ids.one, photosOf(ids.one)[0])).toBe('image/webp')
    // another report's photo is not served under this one
    expect((await app.request(`/api/v1/moderation/reports/${ids.one}/photos/${photosOf(ids.two)[0]}`, { headers: { cookie } })).status).toBe(404)

    // the lookup the queue makes per report, planned with current statistics and sequential scans
    // priced out (the test tables are small): without the index on (street_id, uploaded_by) the plan
    // is a sequential scan or a walk of every photo of the street
    const db = await testDb()
    await db.query('ANALYZE issue_photos')
    const plan = await db.tx(async (q) => {
      await q.query('SET LOCAL enable_seqscan = off')
      const rows = await q.query<Record<string, string>>(
        `EXPLAIN SELECT public_id FROM issue_photos ph, public_reports p
         WHERE p.street_id = ph.street_id AND p.id = ${ids.two} AND ph.uploaded_by = 'public:' || p.id`,
      )
      return rows.map((r) => Object.values(r)[0]).join('\n')
    })
    expect(plan).toMatch(/issue_photos_uploader_ix/)
    expect(plan).not.toMatch(/Seq Scan on issue_photos/)
  })
})
