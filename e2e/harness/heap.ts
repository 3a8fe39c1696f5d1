/**
 * What a page keeps alive, for the wall display's soak test: the DOM counters and the self size of
 * the JavaScript heap's application objects after a full garbage collection, from a heap snapshot
 * taken over the Chrome DevTools Protocol. Compiled code (V8 tiers functions up as they run hot) and
 * the browser's own bounded buffers (resource timing, DevTools network data) are reported apart, so
 * the check looks at what the app's code retains.
 *
 * The DOM counters are read at rest. The wall's newest list scrolls by one row every few seconds
 * through a Vue <TransitionGroup>, whose rows carry `transitionend` listeners until the rows are
 * collected: ~8 more listeners per tick until the next collection, more than a leak of one per
 * refresh over the soak's rounds. So the counters are read only when no transition runs, right after
 * a full collection, and the lowest of a few readings is kept.
 */
import type { CDPSession, Page } from 'playwright-core'

export type HeapTally = {
  /** Bytes of objects, arrays, strings, closures and numbers: what application code can leak. */
  appBytes: number
  /** Bytes of compiled code and of the browser's native objects. */
  otherBytes: number
  nodes: number
  listeners: number
}

const NOT_APP = /^(code|native|synthetic|hidden|object shape)$/

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }
  nodes: number[]
}

const READINGS = 3

async function collect(cdp: CDPSession) {
  await cdp.send('HeapProfiler.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
}

/** No element carries a Vue transition's active class. */
function noTransitionRuns() {
  return ![...document.querySelectorAll('[class]')].some((el) => [...el.classList].some((c) => /-(move|enter-active|leave-active)$/.test(c)))
}

/** The DOM counters when no transition runs, after a full collection: the lowest of a few readings. */
async function domAtRest(cdp: CDPSession, page: Page) {
  let nodes = Infinity
  let listeners = Infinity
  for (let i = 0; i < READINGS; i++) {
    if (i > 0) await page.waitForTimeout(700)
    await page.waitForFunction(noTransitionRuns, undefined, { timeout: 10_000, polling: 50 })
    await collect(cdp)
    const dom = await cdp.send('Memory.getDOMCounters')
    nodes = Math.min(nodes, dom.nodes)
    listeners = Math.min(listeners, dom.jsEventListeners)
  }
  return { nodes, listeners }
}

/** Reads the DOM counters at rest, then collects garbage and tallies a heap snapshot. */
export async function heapTally(cdp: CDPSession, page: Page): Promise<HeapTally> {
  const dom = await domAtRest(cdp, page)
  await collect(cdp)
  const chunks: string[] = []
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  const s = JSON.parse(chunks.join('')) as Snapshot
  const fields = s.snapshot.meta.node_fields
  const types = s.snapshot.meta.node_types[0]
  const width = fields.length
  const iType = fields.indexOf('type')
  const iSize = fields.indexOf('self_size')
  let appBytes = 0
  let otherBytes = 0
  for (let i = 0; i < s.nodes.length; i += width) {
    if (NOT_APP.test(types[s.nodes[i + iType]])) otherBytes += s.nodes[i + iSize]
    else appBytes += s.nodes[i + iSize]
  }
  return { appBytes, otherBytes, ...dom }
}
