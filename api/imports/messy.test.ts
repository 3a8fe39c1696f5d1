/**
 * The files an office really sends: each gives a clear report or a 4xx, never a 500, and writes
 * nothing (the issue count of the street is the same before and after every one of them).
 */
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { pointInside } from '../issues/test-helpers.ts'
import { MAX_IMPORT_ROWS, MAX_UPLOAD_BYTES, MAX_XLSX_INFLATED_BYTES } from './limits.ts'
import { tag, upload, workbookOf } from './test-helpers.ts'

const URL = '/api/v1/imports/issues'
let lon = 0
let lat = 0

async function issueCount(): Promise<number> {
  const db = await testDb()
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues')
  return r.n
}

/** Uploads as the leader and checks that nothing was written. */
async function tryImport(bytes: Uint8Array, name: string) {
  const before = await issueCount()
  const r = await upload(URL, bytes, name, 'leader')
  expect(r.status).toBeLessThan(500)
  expect(await issueCount()).toBe(before)
  return r
}

const HEAD = ['编号', '问题类别', '问题描述', '上报时间', '经度', '纬度']

beforeAll(async () => {
  ;[lon, lat] = await pointInside(0)
})

describe('messy import files', () => {
  it('a file that is not a workbook: 422 invalid_file', async () => {
    const r = await tryImport(new TextEncoder().encode('<html>这不是表格</html>'), '台账.xlsx')
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('invalid_file')
    const broken = await tryImport(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), '台账.xlsx')
    expect(broken.status).toBe(422)
    expect(broken.body.error.message).toMatch(/Excel/)
    // a real zip that is not a workbook
    const zip = new JSZip()
    zip.file('readme.txt', '你好')
    const notBook = await tryImport(await zip.generateAsync({ type: 'uint8array' }), 'x.xlsx')
    expect(notBook.status).toBe(422)
  })

  it(`a zip bomb (a workbook inflating past ${MAX_XLSX_INFLATED_BYTES / 2 ** 20} MB) is refused before it is inflated: 413`, async () => {
    const zip = new JSZip()
    zip.file('[Content_Types].xml', '<Types/>')
    zip.file('xl/worksheets/sheet1.xml', new Uint8Array(MAX_XLSX_INFLATED_BYTES + 1024))
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } })
    expect(bytes.length).toBeLessThan(MAX_UPLOAD_BYTES)
    const r = await tryImport(bytes, 'bomb.xlsx')
    expect(r.status).toBe(413)
    expect(r.body.error.message).toMatch(/解压/)
    // The same bomb whose headers understate the entry's size (1,000 bytes, local and central): what
    // really comes out of the archive counts, not what it declares.
    const lying = bytes.slice()
    const view = new DataView(lying.buffer)
    let patched = 0
    for (let k = 0; k + 30 < lying.length; k += 1) {
      const sig = view.getUint32(k, true)
      const at = sig === 0x04034b50 ? k + 22 : sig === 0x02014b50 ? k + 24 : -1
      if (at > 0 && view.getUint32(at, true) > MAX_XLSX_INFLATED_BYTES) {
        view.setUint32(at, 1000, true)
        patched += 1
      }
    }
    expect(patched).toBe(2)
    const lied = await tryImport(lying, 'bomb.xlsx')
    expect(lied.status).toBe(413)
    expect(lied.body.error.message).toMatch(/解压/)
  })

  it(`an upload over ${MAX_UPLOAD_BYTES / 2 ** 20} MB: 413`, async () => {
    const r = await tryImport(new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x41), 'big.csv')
    expect(r.status).toBe(413)
  })

  it(`10⁵ rows (the limit is ${MAX_IMPORT_ROWS}): 413 asking to split the file`, async () => {
    const t = tag()
    const lines = [HEAD.join(',')]
    for (let k = 0; k < 100_000; k += 1) lines.push(`M${t}${k},乱堆乱放,x,2026-11-01,${lon},${lat}`)
    const r = await tryImport(new TextEncoder().encode(lines.join('\n')), 'many.csv')
    expect(r.status).toBe(413)
    expect(r.body.error.message).toMatch(/拆分/)
  })

  it('an empty sheet and a sheet without a header row: 422', async () => {
    const empty = await tryImport(await workbookOf([]), 'empty.xlsx')
    expect(empty.status).toBe(422)
    expect(empty.body.error.code).toBe('empty_sheet')
    const noHeader = await tryImport(
      await workbookOf([
        ['a', 'b'],
        [1, 2],
      ]),
      'nohead.xlsx',
    )
    expect(noHeader.status).toBe(422)
    expect(noHeader.body.errors[0].message).toMatch(/表头/)
  })

  it('formulas: a cached result is taken, a formula without one is reported', async () => {
    const t = tag()
    const file = await workbookOf(
      [
        HEAD,
        [`F${t}1`, '乱堆乱放', '公式有结果', '2026-11-01 09:00', { formula: `${lon}+0`, result: lon }, lat],
        [`F${t}2`, '乱堆乱放', '公式无结果', '2026-11-01 09:00', { formula: `${lon}+0` }, lat],
      ],
      undefined,
    )
    const r = await tryImport(file, 'f.xlsx')
    expect(r.status).toBe(422)
    expect(r.body.valid).toBe(1)
    expect(r.body.errors).toEqual([{ row: 3, column: '经度', message: expect.stringMatching(/公式/) }])
  })

  it('merged header cells: the header row is reported, nothing is written', async () => {
    const t = tag()
    const file = await workbookOf(
      [
        [...HEAD.slice(0, 4), '坐标', ''],
        [`G${t}1`, '乱堆乱放', 'x', '2026-11-01 09:00', lon, lat],
      ],
      (ws) => {
        ws.mergeCells('C1:D1')
      },
    )
    const r = await tryImport(file, 'merged.xlsx')
    expect(r.status).toBe(422)
    expect(r.body.errors.some((e: { row: number; message: string }) => e.row === 1 && /合并|缺少/.test(e.message))).toBe(true)
  })

  it('dates that are not dates, and numbers that are not numbers, are named in Chinese', async () => {
    const t = tag()
    const file = await workbookOf([HEAD, [`D${t}1`, '乱堆乱放', 'x', '十一月一日', '东经113度', lat]])
    const r = await tryImport(file, 'd.xlsx')
    expect(r.status).toBe(422)
    expect(r.body.errors.map((e: { column: string }) => e.column)).toEqual(['上报时间', '经度'])
  })
})
