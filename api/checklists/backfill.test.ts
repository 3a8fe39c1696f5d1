/** Migration 0061: a point class that only has the old text checklist gets version 1 from it. */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'

describe('0061_backfill_checklists', () => {
  it('writes version 1 for classes without a checklist, guessing categories from the wording, and leaves the others alone', async () => {
    const db = await testDb()
    const code = `legacy_${process.pid}_${Date.now().toString(36)}`
    const texts = ['路面无垃圾、无积水', '无占道经营', '宣传栏内容更新', '无随意攀折花木']
    const firsts = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM checklists WHERE version = 1 AND class_code <> $1', [code]))[0].n
    const before = await firsts()
    try {
      await db.query('INSERT INTO point_classes (street_id, code, name, checklist, sort) SELECT id, $1, $2, $3::jsonb, 99 FROM streets LIMIT 1', [
        code,
        '旧类别',
        JSON.stringify(texts),
      ])
      await db.exec(await readFile(new URL('../../db/migrations/0061_backfill_checklists.sql', import.meta.url), 'utf8'))
      const items = await db.query<{ code: string; text: string; points: number; category_code: string; version: number }>(
        'SELECT code, text, points, category_code, version FROM checklist_items WHERE class_code = $1 ORDER BY sort',
        [code],
      )
      expect(items.map((i) => [i.code, i.text, i.points, i.version])).toEqual(texts.map((t, k) => [`i0${k + 1}`, t, 5, 1]))
      expect(items.map((i) => i.category_code)).toEqual(['exposed_garbage', 'street_vending', 'missing_psa', 'uncivil_behaviour'])
      // only the new class got a checklist (a second run adds nothing)
      expect(await firsts()).toBe(before)
      await db.exec(await readFile(new URL('../../db/migrations/0061_backfill_checklists.sql', import.meta.url), 'utf8'))
      expect((await db.query('SELECT 1 FROM checklists WHERE class_code = $1', [code])).length).toBe(1)
    } finally {
      // Test files share the database: GET /checklists elsewhere lists exactly the seeded classes.
      for (const table of ['checklist_items', 'checklists', 'point_classes'])
        await db.query(`DELETE FROM ${table} WHERE ${table === 'point_classes' ? 'code' : 'class_code'} = $1`, [code])
    }
  })
})
