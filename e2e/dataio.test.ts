/**
 * Ledger buttons: /points and /plan offer the Excel ledgers; the link /plan shows carries the page's
 * filters, and what it downloads is a workbook exceljs can read with the ledger's header row.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { LEADER } from './harness/accounts.ts'
import { useSession, waitForMap } from './harness/session.ts'

describe('ledger export buttons', () => {
  const s = useSession()

  async function headerOf(href: string): Promise<unknown[]> {
    const res = await fetch(new URL(href, s.url()))
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    return (wb.worksheets[0].getRow(2).values as unknown[]).slice(1)
  }

  it('/points links the point ledger', async () => {
    const g = await s.open('/points')
    await waitForMap(g)
    const href = await g.page.getAttribute('[data-testid="ledger-points"]', 'href')
    expect(href).toBe('/api/v1/ledgers/points.xlsx')
    expect(await g.page.textContent('[data-testid="ledger-points"]')).toBe('导出点位台账 (Excel)')
    expect((await headerOf(href!))[0]).toBe('编号')
    expect(g.errors).toEqual([])
  })

  it('/plan links the issue ledger under its filters', async () => {
    const g = await s.open('/plan?range=90d', undefined, undefined, LEADER)
    await g.page.waitForSelector('[data-testid="ledger-issues"]')
    const href = (await g.page.getAttribute('[data-testid="ledger-issues"]', 'href'))!
    const q = new URL(href, s.url()).searchParams
    expect(q.get('from')).toBeTruthy()
    expect(q.get('to')).toBeTruthy()
    expect(await headerOf(href)).toContain('整改时限')
    expect(g.errors).toEqual([])
  })
})
