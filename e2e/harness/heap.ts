/**
 * What a page keeps alive, for the wall display's soak test: the DOM counters and the self size of
 * the JavaScript heap's application objects after a full garbage collection, from a heap snapshot
 * taken over the Chrome DevTools Protocol. Compiled code (V8 tiers functions up as they run hot) and
 * the browser's own bounded buffers (resource timing, DevTools network data) are reported apart, so
 * the check looks at what the app's code retains.
 */
import type { CDPSession } from 'playwright-core'

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

/** Collects garbage, then tallies a heap snapshot and the DOM counters. */
export async function heapTally(cdp: CDPSession): Promise<HeapTally> {
  await cdp.send('HeapProfiler.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
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
  const dom = await cdp.send('Memory.getDOMCounters')
  return { appBytes, otherBytes, nodes: dom.nodes, listeners: dom.jsEventListeners }
}
