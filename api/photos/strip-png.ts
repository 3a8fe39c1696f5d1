/**
 * PNG by allow-list: the critical chunks and the ancillary ones that only say how to show the pixels
 * (colour, transparency, pixel size) are kept; capture time (`tIME`), text (`tEXt`, `zTXt`, `iTXt`,
 * where XMP lives), Exif (`eXIf`), animation and any unknown chunk are dropped, as is everything
 * after IEND. An Orientation from `eXIf` is kept in a fresh `eXIf` that holds nothing else.
 */
import { crc32 } from 'node:zlib'
import { ascii, be32, concat, fail, type4, u32be } from './bytes.ts'
import { orientationTiff, readOrientation } from './orientation.ts'

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND'])
// Colour (gAMA, cHRM, sRGB, iCCP, cICP, mDCV, cLLI), palette and transparency (tRNS, hIST, bKGD),
// sample depth (sBIT) and pixel size (pHYs): numbers about the pixels, nothing about the moment.
const SAFE = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'cICP', 'mDCV', 'cLLI', 'sBIT', 'bKGD', 'hIST', 'pHYs'])
const LETTER = /^[A-Za-z]{4}$/

const chunk = (type: string, data: Uint8Array) => {
  const body = concat([ascii(type), data])
  return concat([Uint8Array.from(be32(data.length)), body, Uint8Array.from(be32(crc32(body)))])
}

/** The PNG's signature, IHDR, kept chunks in order and IEND; throws BadImage when a chunk or its CRC is wrong. */
export function stripPng(b: Uint8Array): Uint8Array {
  if (!SIGNATURE.every((x, k) => b[k] === x)) fail('PNG: no signature')
  const parts: Uint8Array[] = [b.subarray(0, SIGNATURE.length)]
  let orientation = 1
  let idat: 'before' | 'in' | 'after' = 'before'
  let at = SIGNATURE.length
  for (;;) {
    if (at + 12 > b.length) fail('PNG: truncated before IEND')
    const len = u32be(b, at)
    const type = type4(b, at + 4)
    const end = at + 12 + len
    if (len > 0x7fffffff || end > b.length) fail(`PNG: chunk ${type} runs past the end`)
    if (!LETTER.test(type)) fail(`PNG: bad chunk type at ${at}`)
    if (crc32(b.subarray(at + 4, end - 4)) !== u32be(b, end - 4)) fail(`PNG: bad CRC in ${type}`)
    const data = b.subarray(at + 8, end - 4)
    const whole = b.subarray(at, end)
    const first = at === SIGNATURE.length
    at = end
    if (first !== (type === 'IHDR') || (first && len !== 13)) fail('PNG: IHDR is not the first chunk')
    if (type === 'IDAT') {
      if (idat === 'after') fail('PNG: IDAT chunks not consecutive')
      idat = 'in'
    } else if (idat === 'in') idat = 'after'
    if (type === 'IEND') {
      if (idat === 'before' || len !== 0) fail('PNG: IEND without image data')
      parts.push(whole)
      break
    }
    if (CRITICAL.has(type)) {
      if (type === 'PLTE' && idat !== 'before') fail('PNG: PLTE after the image data')
      parts.push(whole)
    } else if (type[0] === type[0].toUpperCase()) {
      fail(`PNG: unknown critical chunk ${type}`)
    } else if (idat === 'before' && SAFE.has(type)) {
      parts.push(whole)
    } else if (idat === 'before' && type === 'eXIf') {
      orientation = readOrientation(data)
    }
  }
  if (orientation > 1) parts.splice(2, 0, chunk('eXIf', orientationTiff(orientation)))
  return concat(parts)
}
