/**
 * JPEG by allow-list: only what a decoder needs to draw the first image is kept, every other segment
 * and everything after that image's EOI is dropped. Phones append further images after EOI (MPF
 * previews, depth and gain maps, each with its own Exif and GPS) and vendors add trailers, so
 * nothing past the first EOI is copied. The Orientation survives in a fresh Exif block of its own.
 */
import { ascii, be16, concat, fail, startsWith, u16be, u32be } from './bytes.ts'
import { orientationTiff, readOrientation } from './orientation.ts'

const EOI = 0xd9
const SOS = 0xda
const DNL = 0xdc
const APP0 = 0xe0
const APP1 = 0xe1
const APP2 = 0xe2
const APP14 = 0xee
const COM = 0xfe
// Frames browsers and libjpeg decode: baseline, extended, progressive (Huffman or arithmetic).
// Lossless and hierarchical frames no phone writes are refused rather than passed on.
const FRAMES = new Set([0xc0, 0xc1, 0xc2, 0xc9, 0xca])
// Tables a scan needs: DHT, DAC, DQT, DRI.
const TABLES = new Set([0xc4, 0xcc, 0xdb, 0xdd])
const isApp = (m: number) => m >= APP0 && m <= 0xef
const isRst = (m: number) => m >= 0xd0 && m <= 0xd7

const segment = (marker: number, payload: number[] | Uint8Array) => Uint8Array.from([0xff, marker, ...be16(payload.length + 2), ...payload])

/** The JPEG's first image with only SOI, JFIF, Orientation, ICC profile, Adobe colour transform, tables, frame, scans and EOI. */
export function stripJpeg(b: Uint8Array): Uint8Array {
  if (b[0] !== 0xff || b[1] !== 0xd8) fail('JPEG: no SOI')
  const head: Uint8Array[] = [b.subarray(0, 2)]
  const body: Uint8Array[] = []
  const icc: Uint8Array[] = []
  let orientation = 0 // 0: no Exif seen yet
  let frame = false
  let scans = 0
  let at = 2
  for (;;) {
    if (b[at] !== 0xff) fail(`JPEG: no marker at ${at}`)
    while (b[at] === 0xff) at++ // fill bytes before a marker
    if (at >= b.length) fail('JPEG: truncated, no EOI')
    const marker = b[at]
    const start = at - 1
    if (marker === EOI) {
      if (scans === 0) fail('JPEG: ends before any image data')
      break
    }
    if (at + 3 > b.length) fail('JPEG: truncated segment')
    const len = u16be(b, at + 1)
    const end = at + 1 + len
    if (len < 2 || end > b.length) fail(`JPEG: bad segment length at ${start}`)
    const payload = b.subarray(at + 3, end)
    at = end
    if (FRAMES.has(marker)) {
      if (frame) fail('JPEG: a second frame')
      checkFrame(payload)
      frame = true
      body.push(b.subarray(start, end))
    } else if (TABLES.has(marker) || (marker === DNL && scans > 0)) {
      body.push(b.subarray(start, end))
    } else if (marker === SOS) {
      if (!frame) fail('JPEG: a scan before the frame header')
      checkScan(payload)
      at = entropyEnd(b, end)
      scans++
      body.push(b.subarray(start, at))
    } else if (marker === APP0 && startsWith(payload, 'JFIF\0') && payload.length >= 14 && head.length === 1) {
      // The density fields only; a JFIF thumbnail is another copy of the picture, possibly uncropped.
      head.push(segment(APP0, [...payload.subarray(0, 12), 0, 0]))
    } else if (marker === APP1 && startsWith(payload, 'Exif\0\0') && orientation === 0) {
      orientation = readOrientation(payload.subarray(6))
    } else if (marker === APP2 && startsWith(payload, 'ICC_PROFILE\0') && payload.length > 14) {
      icc.push(payload)
    } else if (marker === APP14 && startsWith(payload, 'Adobe') && payload.length >= 12) {
      // Its transform byte says whether three channels are YCbCr or RGB (four: YCCK or CMYK).
      body.push(segment(APP14, [...ascii('Adobe'), 0, 100, 0, 0, 0, 0, payload[11]]))
    } else if (!isApp(marker) && marker !== COM) {
      fail(`JPEG: unexpected marker 0x${marker.toString(16)} at ${start}`)
    }
  }
  if (orientation > 1) head.push(segment(APP1, [...ascii('Exif\0\0'), ...orientationTiff(orientation)]))
  for (const chunk of iccChunks(icc)) head.push(segment(APP2, chunk))
  return concat([...head, ...body, Uint8Array.from([0xff, EOI])])
}

/** SOFn: precision, height, width, component count, then three bytes per component. */
function checkFrame(p: Uint8Array) {
  const components = p[5]
  if (p.length !== 6 + 3 * components || components < 1 || components > 4 || u16be(p, 3) === 0) fail('JPEG: bad frame header')
}

/** SOS: component count, two bytes per component, then three bytes of spectral selection and approximation. */
function checkScan(p: Uint8Array) {
  const components = p[0]
  if (p.length !== 4 + 2 * components || components < 1 || components > 4) fail('JPEG: bad scan header')
}

/** Where a scan's entropy-coded data ends: the first 0xFF that is neither a stuffed 0xFF00 nor a restart marker. */
function entropyEnd(b: Uint8Array, from: number): number {
  for (let at = b.indexOf(0xff, from); at >= 0 && at + 1 < b.length; at = b.indexOf(0xff, at + 2)) {
    const next = b[at + 1]
    if (next !== 0x00 && !isRst(next)) return at
  }
  return fail('JPEG: scan data runs to the end, no EOI')
}

/**
 * The ICC profile's APP2 payloads in sequence order, when they form one well-formed profile: every
 * chunk numbered 1…N once, the declared size equal to the bytes present, the 'acsp' signature. A
 * broken profile would be ignored by a viewer anyway, so it is dropped rather than refused.
 */
function iccChunks(chunks: Uint8Array[]): Uint8Array[] {
  const total = chunks.length
  const ordered = [...chunks].sort((x, y) => x[12] - y[12])
  if (total === 0 || total > 255 || ordered.some((c, k) => c[12] !== k + 1 || c[13] !== total)) return []
  const profile = concat(ordered.map((c) => c.subarray(14)))
  return u32be(profile, 0) === profile.length && startsWith(profile, 'acsp', 36) ? ordered : []
}
