import { describe, expect, it } from 'vitest'
import { ApiRequestError } from '../../api/client.ts'
import { failureOf } from './useArea.ts'

describe('area analysis failures', () => {
  it('tells a drawing to redo from one outside the street, a busy server and anything else', () => {
    expect(failureOf(new ApiRequestError('几何无效', 'invalid_geometry', 422)).kind).toBe('invalid')
    expect(failureOf(new ApiRequestError('顶点过多', 'too_many_vertices', 400)).kind).toBe('invalid')
    expect(failureOf(new ApiRequestError('不相交', 'outside_street', 422)).kind).toBe('outside')
    expect(failureOf(new ApiRequestError('请求过多', 'too_many_requests', 429))).toEqual({ kind: 'busy', message: '请求过多' })
    expect(failureOf(new ApiRequestError('超时', 'timeout', 503)).kind).toBe('busy')
    expect(failureOf(new ApiRequestError('内部错误', 'internal_error', 500)).kind).toBe('failed')
    expect(failureOf(new Error('offline')).kind).toBe('failed')
  })
})
