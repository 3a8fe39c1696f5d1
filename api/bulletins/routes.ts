/** /bulletins/weekly: the week's 通报 (一讲评) as a Word document or a printable A4 HTML page. */
import { Hono } from 'hono'
import { z } from 'zod'
import { INSPECTORS, requireRole } from '../auth/guard.ts'
import { weekOf, weekParam } from '../assessments/week.ts'
import { LEVELS } from '../assessments/weekly.ts'
import type { AppEnv } from '../env.ts'
import { filterShape, resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { bulletinData } from './data.ts'
import { renderBulletinDocx } from './docx.ts'
import { renderBulletinHtml } from './html.ts'

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const query = z
  .object({
    week: weekParam.optional(),
    format: z.enum(['html', 'docx']).default('html'),
    level: z.enum(LEVELS).default('community'),
    street: filterShape.street,
  })
  .strict()

// The 通报 names problems, places and shows photos: the street's staff who run or read the assessment.
export const bulletinsRoutes = new Hono<AppEnv>().get('/weekly', requireRole(...INSPECTORS), valid('query', query), async (c) => {
  const { db, now } = c.var.deps
  const f = c.req.valid('query')
  const street = await resolveStreet(db, f.street)
  const t = now()
  const d = await bulletinData(db, street, f.week ?? weekOf(t), f.level, t)
  if (f.format === 'html') return c.html(renderBulletinHtml(d), 200)
  const bytes = await renderBulletinDocx(d)
  const name = `督查测评通报-${d.week.label}.docx`
  c.header('Content-Type', DOCX_TYPE)
  c.header('Content-Disposition', `attachment; filename="bulletin-${d.week.label}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`)
  return c.body(new Uint8Array(bytes), 200)
})
