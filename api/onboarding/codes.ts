/**
 * Codes follow 街道 + 社区 + 序号: a community is the street's 9 digits + 3, a grid its community's 12
 * + 2. A code the file has is kept when it has that form; a missing one is generated (the next free
 * number, in file order); a malformed or repeated one is an error of that feature.
 */
import type { Problem } from './report.ts'

export interface Coded {
  idx: number
  code: string | null
  name: string | null
  /** grids: the community code (decided by attribute or by place) */
  parent?: string | null
  lon: number
  lat: number
}

/** Decides the codes of one layer in place; returns its errors and the notes of generated codes. */
export function assignCodes(
  layer: 'communities' | 'grids',
  items: Coded[],
  parentCode: (x: Coded) => string | null,
): { errors: Problem[]; notes: Problem[] } {
  const errors: Problem[] = []
  const notes: Problem[] = []
  const digits = layer === 'communities' ? 12 : 14
  const unit = layer === 'communities' ? '社区' : '网格'
  const seen = new Map<string, number>()
  const missing: Coded[] = []
  for (const x of items) {
    const prefix = parentCode(x)
    const at = { layer, index: x.idx, lon: x.lon, lat: x.lat } as const
    if (!x.code) {
      missing.push(x)
      continue
    }
    const code = x.code.replace(/\s/g, '')
    if (!/^\d+$/.test(code) || code.length !== digits || (prefix && !code.startsWith(prefix))) {
      errors.push({
        check: 'bad_code',
        ...at,
        code,
        message: `${unit}"${x.name ?? ''}"的编码 ${code} 不符合规则：应为 ${digits} 位数字，以${layer === 'communities' ? '街道编码' : '所属社区编码'} ${prefix ?? ''} 开头`,
      })
      continue
    }
    if (seen.has(code)) {
      errors.push({ check: 'duplicate_code', ...at, code, message: `${unit}编码 ${code} 重复（与第 ${seen.get(code)! + 1} 个要素相同）` })
      continue
    }
    seen.set(code, x.idx)
    x.code = code
  }
  const width = digits === 12 ? 3 : 2
  for (const x of missing) {
    const prefix = parentCode(x)
    if (!prefix) continue
    let n = 1
    while (seen.has(prefix + String(n).padStart(width, '0'))) n += 1
    if (n >= 10 ** width) {
      errors.push({ check: 'bad_code', layer, index: x.idx, lon: x.lon, lat: x.lat, message: `${unit}序号已用尽，无法为"${x.name ?? ''}"生成编码` })
      continue
    }
    x.code = prefix + String(n).padStart(width, '0')
    seen.set(x.code, x.idx)
    notes.push({
      check: 'generated_code',
      layer,
      index: x.idx,
      code: x.code,
      lon: x.lon,
      lat: x.lat,
      message: `${unit}"${x.name ?? ''}"没有编码，已生成 ${x.code}`,
    })
  }
  return { errors, notes }
}
