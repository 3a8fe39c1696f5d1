/** ECharts options for the wall display, sized from the screen's base font (px) so 4K stays readable. */
import type { EChartsCoreOption } from 'echarts/core'

const AXIS = '#7f9bbd'
const SPLIT = 'rgba(80,150,230,0.15)'

/** Horizontal bars: problems per category in the window, open ones stacked in amber. */
export function categoryOption(
  rows: { name: string; total: number; open: number }[],
  fs: number,
  labels: { closed: string; open: string },
): EChartsCoreOption {
  const top = [...rows].sort((a, b) => a.total - b.total).slice(-8)
  return {
    animation: false,
    grid: { left: fs * 7.5, right: fs * 2.2, top: fs * 1.6, bottom: fs * 0.3 },
    legend: { top: 0, right: 0, itemWidth: fs * 0.8, itemHeight: fs * 0.5, textStyle: { color: AXIS, fontSize: fs * 0.65 } },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: SPLIT } } },
    yAxis: {
      type: 'category',
      data: top.map((r) => r.name),
      axisLabel: { color: '#dbe9fb', fontSize: fs * 0.68 },
      axisLine: { lineStyle: { color: SPLIT } },
      axisTick: { show: false },
    },
    series: [
      { name: labels.closed, type: 'bar', stack: 'n', data: top.map((r) => r.total - r.open), itemStyle: { color: '#2a7de1' }, barWidth: '55%' },
      {
        name: labels.open,
        type: 'bar',
        stack: 'n',
        data: top.map((r) => r.open),
        itemStyle: { color: '#ffc247' },
        label: {
          show: true,
          position: 'right',
          color: '#dbe9fb',
          fontSize: fs * 0.62,
          formatter: (p: { dataIndex: number }) => String(top[p.dataIndex].total),
        },
      },
    ],
  }
}

/**
 * 12-week trend: reported per week (area line) and of those already finished (line). The last week
 * is still running: it is labelled 本周(截至今日) and drawn hollow, so its lower count reads as partial.
 */
export function trendOption(
  bins: { week: string; total: number; closed: number }[],
  fs: number,
  labels: { total: string; closed: string; current: string },
): EChartsCoreOption {
  const last = bins.length - 1
  const partial = (v: number, i: number) => (i === last ? { value: v, symbol: 'emptyCircle', itemStyle: { opacity: 0.7 } } : v)
  return {
    animation: false,
    grid: { left: fs * 2.2, right: fs * 0.8, top: fs * 1.6, bottom: fs * 1.4 },
    legend: { top: 0, right: 0, itemWidth: fs * 0.9, itemHeight: fs * 0.5, textStyle: { color: AXIS, fontSize: fs * 0.65 } },
    xAxis: {
      type: 'category',
      data: bins.map((b, i) => (i === last ? labels.current : b.week)),
      axisLabel: { color: AXIS, fontSize: fs * 0.6 },
      axisLine: { lineStyle: { color: SPLIT } },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: AXIS, fontSize: fs * 0.6 }, splitLine: { lineStyle: { color: SPLIT } } },
    series: [
      {
        name: labels.total,
        type: 'line',
        smooth: true,
        data: bins.map((b, i) => partial(b.total, i)),
        symbolSize: fs * 0.35,
        lineStyle: { color: '#39d3ff', width: fs * 0.12 },
        itemStyle: { color: '#39d3ff' },
        areaStyle: { color: 'rgba(57,211,255,0.18)' },
      },
      {
        name: labels.closed,
        type: 'line',
        smooth: true,
        data: bins.map((b, i) => partial(b.closed, i)),
        symbolSize: fs * 0.3,
        lineStyle: { color: '#4fe0a0', width: fs * 0.1 },
        itemStyle: { color: '#4fe0a0' },
      },
    ],
  }
}
