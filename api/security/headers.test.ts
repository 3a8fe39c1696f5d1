import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'

describe('security headers', () => {
  it('send a CSP without outside hosts, nosniff, a referrer policy and no framing on API answers', async () => {
    const app = await testApp()
    for (const path of ['/api/v1/health', '/api/v1/nothing-here']) {
      const res = await app.request(path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain('worker-src')
      expect(csp).not.toMatch(/https?:\/\//)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    }
  })
})
