/** Everything the wall display shows, refreshed together (see api/live.ts for the schedule). */
import { computed, ref, shallowRef, watch } from 'vue'
import { getAllIssues, getCommunityStats, getGridStats, getStreetIndicators, getSummary, type Indicators, type CommunityStat, type GridStat, type Issue, type Summary } from '../../api/queries.ts'
import { dayStart, isoLocal, weekStart } from '../../api/time.ts'
import { useLive } from '../../api/live.ts'
import { newest, rankByOpen, reportedSince, weeklyTrend, windowStart, type Window } from './aggregate.ts'

const TREND_WEEKS = 12

/** Loads and folds the screen's data; large arrays are shallow so Vue never walks them. */
export function useScreenData() {
  const win = ref<Window>('7d')
  const now = shallowRef(new Date())
  const issues = shallowRef<Issue[]>([])
  const summary = shallowRef<Summary | null>(null)
  const indicators = shallowRef<Indicators | null>(null)
  const windowSummary = shallowRef<Summary | null>(null)
  const gridsNow = shallowRef<GridStat[]>([])
  const gridsWin = shallowRef<GridStat[]>([])
  const communitiesWin = shallowRef<CommunityStat[]>([])
  const error = ref<string | null>(null)
  const loaded = ref(false)

  async function refresh() {
    const t = new Date()
    const from = isoLocal(windowStart(win.value, t, dayStart))
    try {
      const [all, inWin, gNow, gWin, cWin, list, ind] = await Promise.all([
        // 本周销号 counts by closing time, whenever the issue was reported (not from the 12-week list).
        getSummary({ closed_since: isoLocal(weekStart(t)) }),
        getSummary({ from }),
        getGridStats(),
        getGridStats({ from }),
        getCommunityStats({ from }),
        getAllIssues({ from: isoLocal(weekStart(t, -(TREND_WEEKS - 1))) }),
        getStreetIndicators(),
      ])
      now.value = t
      summary.value = all
      indicators.value = ind
      windowSummary.value = inWin
      gridsNow.value = gNow
      gridsWin.value = gWin
      communitiesWin.value = cWin
      issues.value = list
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
    return {
      today: reportedSince(issues.value, dayStart(now.value)).length,
      open: s.open,
      overdue: s.overdue,
      closedWeek: s.closed_since ?? 0,
      rate: s.rectification_rate,
      onTime: indicators.value?.on_time_rate ?? null,
    }
  })
  const windowIssues = computed(() => reportedSince(issues.value, windowStart(win.value, now.value, dayStart)))
  const trend = computed(() => weeklyTrend(issues.value, now.value, TREND_WEEKS))
  const latest = computed(() => newest(issues.value, 20))
  const communityRank = computed(() => rankByOpen(communitiesWin.value))
  const gridTop = computed(() => rankByOpen(gridsWin.value, 10))

  return { win, now, kpis, windowIssues, windowSummary, gridsNow, communityRank, gridTop, trend, latest, error, loaded, ...live }
}
