/** The attributes a GIS office's layers carry, found by their usual names (Chinese, English, pinyin initials). */
import { ascii, plain } from '../imports/cells.ts'

export type Layer = 'boundary' | 'communities' | 'grids' | 'points'
export type Key = 'code' | 'name' | 'parent' | 'manager' | 'phone' | 'class'

const NAMES: Record<Exclude<Layer, 'boundary'>, Partial<Record<Key, string[]>>> = {
  communities: {
    code: ['社区编码', '社区代码', '编码', '代码', 'code', 'sqbm', 'sqdm', 'bm', 'dm'],
    name: ['社区名称', '社区名', '社区', '名称', 'name', 'sqmc', 'mc'],
  },
  grids: {
    code: ['网格编码', '网格代码', '网格编号', '编码', '代码', 'code', 'wgbm', 'wgdm', 'bm', 'dm'],
    name: ['网格名称', '网格名', '名称', 'name', 'wgmc', 'mc'],
    parent: ['所属社区', '社区编码', '社区代码', '社区名称', '社区', 'community', 'community_code', 'comm_code', 'sqbm', 'sqdm', 'sqmc'],
    manager: ['网格员', '网格长', '负责人', '责任人', 'manager', 'manager_name', 'wgy'],
    phone: ['电话', '联系电话', '手机', '手机号', 'phone', 'manager_phone', 'dh'],
  },
  points: {
    code: ['点位编号', '点位编码', '编号', '编码', 'code'],
    name: ['点位名称', '名称', 'name'],
    class: ['点位类别', '类别', '类型', 'class'],
  },
}

const fold = (s: string) => ascii(s).toLowerCase().replace(/\s/g, '')

/** The attribute values of a feature, by key: the first known name present wins; empty values are null. */
export function attributes(layer: Layer, props: Record<string, unknown>): Partial<Record<Key, string>> {
  if (layer === 'boundary') return {}
  const byName = new Map(Object.entries(props).map(([k, v]) => [fold(k), v]))
  const out: Partial<Record<Key, string>> = {}
  for (const [key, names] of Object.entries(NAMES[layer]) as [Key, string[]][]) {
    for (const n of names) {
      const v = byName.get(fold(n))
      const s = v === null || v === undefined ? '' : key === 'code' || key === 'phone' ? ascii(v as string) : plain(v as string)
      if (s) {
        out[key] = s
        break
      }
    }
  }
  return out
}

/** A correction the wizard's table sends: a feature's code, name or community, by layer and index. */
export interface Fix {
  layer: 'communities' | 'grids' | 'points'
  index: number
  code?: string
  name?: string
  community?: string
}
