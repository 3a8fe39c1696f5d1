/** Validation at the edge: zod schemas for queries and bodies, errors naming the bad parameter. */
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import type { ZodType } from 'zod'
import { localDay } from './deadlines/worktime.ts'
import type { AppEnv } from './env.ts'
import { badRequest, unprocessable } from './errors.ts'

type Target = 'query' | 'json' | 'param'

/** The end (exclusive) of the plausible window of dates: the admin calendar's range ends with 2100. */
export const DATES_BEFORE = new Date('2101-01-01T00:00:00+08:00')

/**
 * The first date anywhere in a validated input outside [since, DATES_BEFORE), with its path. Every
 * date the API takes (report times, filter and analysis windows, as-of instants) goes through here.
 */
function implausibleDate(v: unknown, since: Date, path: string[] = []): { path: string[]; at: Date } | null {
  if (v instanceof Date) return v < since || v >= DATES_BEFORE ? { path, at: v } : null
  if (v === null || typeof v !== 'object') return null
  for (const [k, x] of Object.entries(v)) {
    const bad = implausibleDate(x, since, [...path, k])
    if (bad) return bad
  }
  return null
}

/**
 * A Hono validator that answers 400 with the first bad field named in the message, and 422
 * `date_out_of_range` for a well-formed date before the deployment's data start (DATA_SINCE) or
 * after 2100: such a date is refused, never stored nor rewritten.
 */
export function valid<T extends ZodType, K extends Target>(target: K, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const issue = result.error.issues[0]
      const where = issue.path.length ? issue.path.join('.') : target
      throw badRequest('invalid_parameter', `${where}: ${issue.message}`)
    }
    // the hook is typed for any Env; every router of this app runs under AppEnv (app.ts sets deps)
    const since = (c as Context<AppEnv>).var.deps.config.dataSince
    const bad = implausibleDate(result.data, since)
    if (bad)
      throw unprocessable(
        'date_out_of_range',
        `${bad.path.join('.') || target}: 日期须在 ${localDay(since)} 至 ${localDay(new Date(DATES_BEFORE.getTime() - 1))} 之间 (date out of range)`,
      )
  })
}
