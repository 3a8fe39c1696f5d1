/** Everything the wall display shows, refreshed together (see api/live.ts for the schedule): aggregates and one short page, never the issue list. */
import { computed, ref, shallowRef, watch } from 'vue'
import {
  getCommunityStats,
  getGridStats,
  getNewestIssues,
  getStreetIndicators,
  getSummary,
  type Indicators,
  type CommunityStat,
  type GridStat,
  type Issue,
  type Summary,
} from '../../api/queries.ts'
import { getBins, type Bin } from '../../api/bins.ts'
import { dayStart, isoLocal, weekStart } from '../../api/time.ts'
import { useLive } from '../../api/live.ts'
import { rankByTotal, trendWeeks, weekBar, windowStart, type Window } from './aggregate.ts'

const TREND_WEEKS = 12
const NEWEST = 20

/** Loads the screen's data; large arrays are shallow so Vue never walks them. */
export function useScreenData() {
  const win = ref<Window>('7d')
  const now = shallowRef(new Date())
  const summary = shallowRef<Summary | null>(null)
  const today = shallowRef<Summary | null>(null)
  const indicators = shallowRef<Indicators | null>(null)
  // 市民上报 (residents' 随手拍) in the chosen window
  const publicWin = shallowRef<Indicators['public'] | null>(null)
  const windowSummary = shallowRef<Summary | null>(null)
  const gridsNow = shallowRef<GridStat[]>([])
  const gridsWin = shallowRef<GridStat[]>([])
  const communitiesWin = shallowRef<CommunityStat[]>([])
  const bins = shallowRef<Bin[]>([])
  const trend = shallowRef<{ week: string; total: number; closed: number }[]>([])
  const latest = shallowRef<Issue[]>([])
  // The same figures a day (a week for 本周销号) earlier, for the tiles' 较昨日 / 较上周同期.
  const before = shallowRef<{ yesterday: Summary; todaySoFar: Summary; lastWeek: Summary } | null>(null)
  const error = ref<string | null>(null)
  const loaded = ref(false)

  async function refresh() {
    const t = new Date()
    const from = isoLocal(windowStart(win.value, t, dayStart))
    const weeks = trendWeeks(t, TREND_WEEKS)
    const dayAgo = new Date(+t - 86_400_000)
    const weekAgo = new Date(+t - 7 * 86_400_000)
    try {
      const [all, inWin, toDay, gNow, gWin, cWin, b, ind, indWin, newest, yesterday, ySoFar, lastWeek, ...perWeek] = await Promise.all([
        // 本周销号 counts by closing time, whenever the issue was reported.
        getSummary({ closed_since: isoLocal(weekStart(t)) }),
        getSummary({ from }),
        getSummary({ from: isoLocal(dayStart(t)) }),
        getGridStats(),
        getGridStats({ from }),
        getCommunityStats({ from }),
        getBins({ from }),
        getStreetIndicators(),
        getStreetIndicators({ from }),
        getNewestIssues(NEWEST),
        // As things stood 24 h ago; yesterday's reports up to this time of day; last week's closings up to this time of week.
        getSummary({ as_of: isoLocal(dayAgo) }),
        getSummary({ from: isoLocal(dayStart(t, -1)), to: isoLocal(Math.max(+dayAgo, +dayStart(t, -1) + 1000)) }),
        getSummary({ as_of: isoLocal(weekAgo), closed_since: isoLocal(weekStart(t, -1)) }),
        ...weeks.map((w) => getSummary({ from: w.from, to: w.to })),
      ])
      now.value = t
      summary.value = all
      today.value = toDay
      indicators.value = ind
      publicWin.value = indWin?.public ?? null
      windowSummary.value = inWin
      gridsNow.value = gNow
      gridsWin.value = gWin
      communitiesWin.value = cWin
      bins.value = b
      latest.value = newest
      before.value = { yesterday, todaySoFar: ySoFar, lastWeek }
      trend.value = weeks.map((w, i) => weekBar(w.week, perWeek[i]))
      error.value = null
      loaded.value = true
    } catch (e) {
      error.value = (e as Error).message
      throw e
    }
  }

  const live = useLive(refresh)
  watch(win, () => void live.refreshNow())

  const kpis = computed(() => {
    const s = summary.value
    if (!s) return null
    const b = before.value
    const rate = s.rectification_rate
    const rateThen = b?.yesterday.rectification_rate
    return {
      today: today.value?.total ?? 0,
      open: s.open,
      overdue: s.overdue,
      closedWeek: s.closed_since ?? 0,
      rate,
      onTime: indicators.value?.on_time_rate ?? null,
      callback: indicators.value?.callback_satisfaction_rate ?? null,
      hotlineOnTime: indicators.value?.hotline_on_time_rate ?? null,
      publicReceived: publicWin.value?.received ?? null,
      publicAccepted: publicWin.value?.acceptance_rate ?? null,
      publicSatisfied: publicWin.value?.satisfaction_rate ?? null,
      change: b
        ? {
            today: (today.value?.total ?? 0) - b.todaySoFar.total,
            open: s.open - b.yesterday.open,
            overdue: s.overdue - b.yesterday.overdue,
            closedWeek: (s.closed_since ?? 0) - (b.lastWeek.closed_since ?? 0),
            // In percentage points.
            rate: rate != null && rateThen != null ? (rate - rateThen) * 100 : null,
          }
        : null,
    }
  })
  const communityRank = computed(() => rankByTotal(communitiesWin.value))
  const gridTop = computed(() => rankByTotal(gridsWin.value, 10))

  return { win, now, kpis, bins, windowSummary, gridsNow, communityRank, gridTop, trend, latest, error, loaded, ...live }
}
