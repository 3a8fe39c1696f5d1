import { describe, expect, it } from 'vitest'
import { trendOption } from './charts.ts'

describe('trendOption', () => {
  it('labels the running week 本周(截至今日) and draws its points hollow, the full weeks as they are', () => {
    const bins = [
      { week: '11-16', total: 40, closed: 30 },
      { week: '11-23', total: 42, closed: 20 },
      { week: '11-30', total: 9, closed: 1 },
    ]
    const o = trendOption(bins, 20, { total: '上报', closed: '办结', current: '本周(截至今日)' }) as {
      xAxis: { data: string[] }
      series: { data: unknown[] }[]
    }
    expect(o.xAxis.data).toEqual(['11-16', '11-23', '本周(截至今日)'])
    expect(o.series[0].data.slice(0, 2)).toEqual([40, 42])
    expect(o.series[0].data[2]).toMatchObject({ value: 9, symbol: 'emptyCircle' })
    expect(o.series[1].data[2]).toMatchObject({ value: 1, symbol: 'emptyCircle' })
  })
})
