import { describe, expect, it } from 'vitest'
import { testDb } from '../db/testing/db.ts'
import { STREET_OFFSET, STREET_OFFSET_MS, STREET_TIME_ZONE } from './time-zone.ts'

// Code and database each need the street's zone; this is where the two are held to one value.
describe('the street time zone', () => {
  it('is the zone the database keeps for the street, and its default for new streets', async () => {
    const db = await testDb()
    const streets = await db.query<{ timezone: string }>('SELECT DISTINCT timezone FROM streets')
    expect(streets).toEqual([{ timezone: STREET_TIME_ZONE }])
    const [col] = await db.query<{ d: string }>(
      `SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'streets' AND column_name = 'timezone'`,
    )
    expect(col.d).toBe(`'${STREET_TIME_ZONE}'::text`)
  })

  it('has the offset the database and the browser clock give the zone, in winter and summer', async () => {
    const db = await testDb()
    for (const day of ['2026-01-15', '2026-07-15']) {
      const [r] = await db.query<{ t: Date }>(`SELECT ($1::timestamp AT TIME ZONE $2) AS t`, [`${day} 12:00`, STREET_TIME_ZONE])
      expect(r.t.getTime()).toBe(Date.parse(`${day}T12:00:00Z`) - STREET_OFFSET_MS)
      const intl = new Intl.DateTimeFormat('en', { timeZone: STREET_TIME_ZONE, timeZoneName: 'longOffset' })
      expect(intl.format(new Date(`${day}T12:00:00Z`))).toContain(`GMT${STREET_OFFSET}`)
    }
  })
})
