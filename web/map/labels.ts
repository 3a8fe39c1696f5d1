/** Map labels drawn by deck.gl with the system CJK font, so no glyph server is needed (offline). */
import { TextLayer } from '@deck.gl/layers'
import type { Theme } from './style.ts'

export const MAP_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'

export type Label = { position: [number, number]; text: string }

/** A TextLayer for the given labels, styled for the theme. */
export function labelLayer(id: string, data: Label[], theme: Theme, size = 14) {
  const dark = theme === 'dark'
  return new TextLayer<Label>({
    id,
    data,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: size,
    sizeUnits: 'pixels',
    characterSet: 'auto',
    fontFamily: MAP_FONT,
    fontWeight: 600,
    getColor: dark ? [220, 236, 255, 235] : [30, 45, 70, 235],
    outlineWidth: 3,
    outlineColor: dark ? [7, 17, 31, 220] : [255, 255, 255, 230],
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  })
}
