/**
 * What a campaign is made of, checked at the edge: its area (a drawn or imported polygon, or whole
 * communities or grids), phases that run forwards and do not overlap, and targets a leader could
 * mean (400 with the reason in Chinese otherwise).
 */
import { z } from 'zod'
import { badRequest } from '../errors.ts'
import { instant } from '../filters.ts'
import { polygonShape } from '../analysis/polygon.ts'

const DAY_MS = 86_400_000
/** The longest campaign (all phases together). */
export const MAX_CAMPAIGN_DAYS = 731
/** The baseline when none is given: this many days just before the first phase. */
export const BASELINE_DAYS = 30
/** A change target below −100 % cannot happen; above this (+500 %) it is a typo, not an aim. */
export const MAX_CHANGE = 5

const code = z.string().regex(/^[0-9A-Za-z_-]{1,40}$/)

export const phaseShape = z
  .object({
    name: z.string().trim().min(1).max(20),
    from: instant,
    to: instant,
    aim: z.string().trim().max(200).optional(),
  })
  .strict()

/** 新增问题 (new issues per day in the area, optionally of one category) against the baseline: ≤ change. */
const changeTarget = z
  .object({
    metric: z.literal('new_issues').default('new_issues'),
    category: code.optional(),
    change: z.number().finite(),
  })
  .strict()
/** 整改率 of the issues reported in the area during the campaign (as /indicators defines it): ≥ min. */
const rateTarget = z
  .object({
    metric: z.literal('rectification_rate'),
    min: z.number().finite(),
  })
  .strict()
/** 每周巡查全覆盖: in every week of the campaign that has ended, at least `min` of the area's field points inspected (1 = all). */
const coverageTarget = z
  .object({
    metric: z.literal('inspection_coverage'),
    min: z.number().finite().default(1),
  })
  .strict()
export const targetShape = z.union([rateTarget, coverageTarget, changeTarget])
export type Target = z.infer<typeof targetShape>

const window = z.object({ from: instant, to: instant }).strict()

const fields = {
  name: z.string().trim().min(1).max(60),
  polygon: polygonShape,
  area_source: z.enum(['drawn', 'imported']),
  communities: z
    .array(z.string().regex(/^\d{12}$/, 'expected 12-digit community codes'))
    .min(1)
    .max(50),
  grids: z
    .array(z.string().regex(/^\d{14}$/, 'expected 14-digit grid codes'))
    .min(1)
    .max(200),
  categories: z.array(code).min(1).max(50).nullable(),
  group: code.nullable(),
  phases: z.array(phaseShape).min(1).max(8),
  targets: z.array(targetShape).max(10),
  baseline: window,
}

export const createBody = z
  .object({
    name: fields.name,
    polygon: fields.polygon.optional(),
    area_source: fields.area_source.optional(),
    communities: fields.communities.optional(),
    grids: fields.grids.optional(),
    categories: fields.categories.optional(),
    group: fields.group.optional(),
    phases: fields.phases,
    targets: fields.targets.default([]),
    baseline: fields.baseline.optional(),
  })
  .strict()

export const updateBody = z
  .object({
    name: fields.name.optional(),
    polygon: fields.polygon.optional(),
    area_source: fields.area_source.optional(),
    communities: fields.communities.optional(),
    grids: fields.grids.optional(),
    categories: fields.categories.optional(),
    group: fields.group.optional(),
    phases: fields.phases.optional(),
    targets: fields.targets.optional(),
    baseline: fields.baseline.optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')

export type Phase = z.infer<typeof phaseShape>
export type CreateBody = z.infer<typeof createBody>
export type UpdateBody = z.infer<typeof updateBody>

/** At most one way of giving the area (none on an edit keeps the area). */
export function areaGiven(b: { polygon?: unknown; communities?: unknown; grids?: unknown }) {
  const given = [b.polygon, b.communities, b.grids].filter((x) => x !== undefined).length
  if (given > 1) throw badRequest('invalid_parameter', 'area: 只能给出 polygon、communities、grids 之一 (give one of polygon, communities, grids)')
  return given === 1
}

/** Phases run forwards, one after another, within MAX_CAMPAIGN_DAYS; returns the campaign's span. */
export function checkPhases(phases: Phase[]): { starts_at: Date; ends_at: Date } {
  phases.forEach((p, k) => {
    if (p.from >= p.to) throw badRequest('invalid_phase', `phases[${k}]: 「${p.name}」结束时间须晚于开始时间 (phase runs backwards)`)
    const next = phases[k + 1]
    if (next && next.from < p.to) {
      throw badRequest(
        'invalid_phase',
        `phases[${k + 1}]: 「${next.name}」与上一阶段「${p.name}」重叠或顺序颠倒 (phases overlap or are out of order)`,
      )
    }
  })
  const starts_at = phases[0].from
  const ends_at = phases[phases.length - 1].to
  if (ends_at.getTime() - starts_at.getTime() > MAX_CAMPAIGN_DAYS * DAY_MS) {
    throw badRequest('invalid_phase', `phases: 攻坚行动总时长不得超过 ${MAX_CAMPAIGN_DAYS} 天 (a campaign lasts at most ${MAX_CAMPAIGN_DAYS} days)`)
  }
  return { starts_at, ends_at }
}

/** The baseline window: as given (before the first phase), or the BASELINE_DAYS before it. */
export function checkBaseline(baseline: { from: Date; to: Date } | undefined, starts_at: Date) {
  const b = baseline ?? { from: new Date(starts_at.getTime() - BASELINE_DAYS * DAY_MS), to: starts_at }
  if (b.from >= b.to) throw badRequest('invalid_parameter', 'baseline: 对照期结束时间须晚于开始时间 (baseline runs backwards)')
  if (b.to > starts_at) throw badRequest('invalid_parameter', 'baseline: 对照期须在第一阶段开始之前 (the baseline must end before the first phase)')
  if (b.to.getTime() - b.from.getTime() > MAX_CAMPAIGN_DAYS * DAY_MS) {
    throw badRequest('invalid_parameter', `baseline: 对照期不得超过 ${MAX_CAMPAIGN_DAYS} 天 (baseline too long)`)
  }
  return b
}

/** Targets a leader could mean: a change between −100 % and +500 %, a 整改率 above 0 and at most 100 %. */
export function checkTargets(targets: Target[], categories: string[] | null) {
  targets.forEach((t, k) => {
    if (t.metric === 'rectification_rate') {
      if (!(t.min > 0 && t.min <= 1))
        throw badRequest('invalid_target', `targets[${k}]: 整改率目标须在 0 到 1 之间 (min must be in (0, 1], e.g. 0.98)`)
      return
    }
    if (t.metric === 'inspection_coverage') {
      if (!(t.min > 0 && t.min <= 1))
        throw badRequest('invalid_target', `targets[${k}]: 巡查覆盖率目标须在 0 到 1 之间 (min must be in (0, 1], 1 = every point)`)
      return
    }
    if (t.change < -1 || t.change > MAX_CHANGE) {
      throw badRequest('invalid_target', `targets[${k}]: 变化目标须在 -1（-100%）到 ${MAX_CHANGE}（+${MAX_CHANGE * 100}%）之间 (change out of range)`)
    }
    if (t.category && categories && !categories.includes(t.category)) {
      throw badRequest('invalid_target', `targets[${k}]: 类别 ${t.category} 不在本次攻坚的类别中 (target category not among the campaign's)`)
    }
  })
}
