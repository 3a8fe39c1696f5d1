/**
 * One deck.gl MapLibreOverlay per map (interleaved); features contribute layers under their own id so several
 * panels can draw at once without knowing about each other.
 */
import { inject, onBeforeUnmount, watchEffect } from 'vue'
import type { Layer } from '@deck.gl/core'
import type { MapLibreOverlay } from '@deck.gl/maplibre'
import { DECK_KEY } from './keys.ts'

export type Layers = (Layer | null | false | undefined)[]

export interface DeckRegistry {
  set(id: string, layers: Layers): void
  remove(id: string): void
  /** Pushes the current layers again, e.g. once the overlay exists. */
  refresh(): void
}

/** A registry that batches every change into one setProps per microtask. */
export function createDeckRegistry(
  overlay: () => MapLibreOverlay | null,
  onFirstUse: () => void = () => {},
  /** Applied to the layers on each push (the shell's GCJ-02 shift, see viewCrs.ts). */
  decorate: (layers: Layer[]) => Layer[] = (l) => l,
): DeckRegistry {
  const entries = new Map<string, Layers>()
  let used = false
  let queued = false
  const flush = () => {
    queued = false
    const o = overlay()
    if (!o) return
    // Drawn in id order, so a feature controls stacking by naming (the shell's labels are 'zz-…').
    const ordered = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    o.setProps({ layers: decorate(ordered.flatMap(([, l]) => l).filter(Boolean) as Layer[]) })
  }
  const schedule = () => {
    if (queued) return
    queued = true
    queueMicrotask(flush)
  }
  return {
    set(id, layers) {
      entries.set(id, layers)
      if (!used) {
        used = true
        onFirstUse()
      }
      schedule()
    },
    remove(id) {
      entries.delete(id)
      schedule()
    },
    refresh: schedule,
  }
}

/** Draws the layers `build` returns on the surrounding MapShell, re-running when its reactive inputs change. */
export function useDeckLayers(id: string, build: () => Layers): void {
  const reg = inject(DECK_KEY)
  if (!reg) throw new Error('useDeckLayers must be used inside <MapShell>')
  useDeckLayersOn(reg, id, build)
}

/** The same on an explicit registry (the shell itself, which provides rather than injects it). */
export function useDeckLayersOn(reg: DeckRegistry, id: string, build: () => Layers): void {
  const stop = watchEffect(() => reg.set(id, build()))
  onBeforeUnmount(() => {
    stop()
    reg.remove(id)
  })
}
