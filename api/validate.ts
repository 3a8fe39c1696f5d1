/** Validation at the edge: zod schemas for queries and bodies, errors naming the bad parameter. */
import { zValidator } from '@hono/zod-validator'
import type { ZodType } from 'zod'
import { badRequest } from './errors.ts'

type Target = 'query' | 'json' | 'param'

/** A Hono validator that answers 400 with the first bad field named in the message. */
export function valid<T extends ZodType, K extends Target>(target: K, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0]
      const where = issue.path.length ? issue.path.join('.') : target
      throw badRequest('invalid_parameter', `${where}: ${issue.message}`)
    }
  })
}
