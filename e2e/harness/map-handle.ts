/**
 * Reaches the page's MapLibre map from a test through the Vue app the page mounted (the root vnode
 * Vue keeps on `#app`, in production builds too): the map shell exposes `map`. Nothing is added to the app for tests;
 * the test itself puts the map on `window.__testMap` for its later `page.evaluate` calls.
 */
import type { Page } from 'playwright-core'

/** Finds the map shell's MapLibre map and keeps it as `window.__testMap`. */
export async function exposeMap(page: Page): Promise<void> {
  await page.evaluate(() => {
    type V = {
      component?: { exposed?: Record<string, { value?: unknown }> | null; subTree?: V }
      children?: unknown
      suspense?: { activeBranch?: V }
    }
    const walk = (v: V | null | undefined): unknown => {
      if (!v || typeof v !== 'object') return null
      const c = v.component
      if (c) return c.exposed?.map && c.exposed.toPng ? c.exposed.map.value : walk(c.subTree)
      if (v.suspense) return walk(v.suspense.activeBranch)
      if (Array.isArray(v.children))
        for (const ch of v.children) {
          const m = walk(ch as V)
          if (m) return m
        }
      return null
    }
    // render() keeps the root vnode on its container (`_vnode`), in production builds too
    const map = walk((document.querySelector('#app') as unknown as { _vnode: V })._vnode)
    if (!map) throw new Error('no map shell on the page')
    ;(window as unknown as { __testMap: unknown }).__testMap = map
  })
}

/** Moves the map and resolves once every tile of the new view is drawn. */
export async function jumpAndSettle(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ({ center, zoom }) =>
      new Promise<void>((resolve) => {
        const m = (
          window as unknown as { __testMap: { jumpTo: (o: object) => void; once: (e: string, f: () => void) => void; triggerRepaint: () => void } }
        ).__testMap
        m.once('idle', () => resolve())
        m.jumpTo({ center, zoom })
        m.triggerRepaint()
      }),
    { center, zoom },
  )
}

/** The CSS pixel of [lng, lat] inside the map canvas, plus the canvas's offset in the page. */
export async function projectOnPage(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const m = (window as unknown as { __testMap: { project: (p: [number, number]) => { x: number; y: number }; getCanvas: () => HTMLCanvasElement } })
      .__testMap
    const p = m.project(ll)
    const r = m.getCanvas().getBoundingClientRect()
    return { x: r.left + p.x, y: r.top + p.y }
  }, lngLat)
}
