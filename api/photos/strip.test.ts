import { describe, expect, it } from 'vitest'
import { BadImage, stripMetadata } from './strip.ts'
import { crc32, png, PLAIN_JPEG, PLAIN_WEBP } from './test-images.ts'
import { cjpeg, djpeg, exifWrite, leftovers, readTags } from './test-tools.ts'

// What strip.ts keeps: fixtures are encoded by cjpeg and tagged by exiftool, results read back by
// exiftool and decoded by djpeg, so nothing here trusts the walker's own reading of a file.
const GPS = ['-GPSLatitude=28.175', '-GPSLatitudeRef=N', '-GPSLongitude=112.9875', '-GPSLongitudeRef=E']
const CAMERA = ['-Make=Xiaomi', '-Model=23049RAD8C', '-DateTimeOriginal=2026:03:01 09:30:00', ...GPS]
const jpeg = (b: Uint8Array) => stripMetadata(b, 'image/jpeg')
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

/** The chunks of a PNG as [type, data], read independently of strip-png.ts. */
function pngChunks(b: Uint8Array): [string, Buffer][] {
  const buf = Buffer.from(b)
  const out: [string, Buffer][] = []
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at)
    out.push([buf.toString('latin1', at + 4, at + 8), buf.subarray(at + 8, at + 8 + len)])
    at += 12 + len
  }
  return out
}

/** A PNG chunk with its CRC, as the PNG spec lays it out. */
function pngChunk(type: string, data: Uint8Array | string): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)])
  const n = (x: number) => Buffer.from([x >>> 24, (x >> 16) & 0xff, (x >> 8) & 0xff, x & 0xff])
  return Buffer.concat([n(body.length - 4), body, n(crc32(body))])
}

describe('strip keeps what a photo needs', () => {
  it('gives back an untagged JPEG byte for byte: baseline, progressive with restart markers, arithmetic, RGB, greyscale', () => {
    const variants = [[], ['-progressive', '-restart', '1'], ['-arithmetic'], ['-rgb'], ['-grayscale'], ['-optimize', '-restart', '2B']]
    for (const args of variants) {
      const plain = cjpeg(64, 48, args)
      expect(same(jpeg(plain), plain), args.join(' ')).toBe(true)
    }
    // The progressive one really exercises stuffed bytes and restart markers inside the scans.
    const prog = Buffer.from(cjpeg(64, 48, ['-progressive', '-restart', '1']))
    expect(prog.includes(Buffer.from([0xff, 0x00]))).toBe(true)
    expect(prog.includes(Buffer.from([0xff, 0xd0]))).toBe(true)
    expect(same(jpeg(new Uint8Array(PLAIN_JPEG)), PLAIN_JPEG)).toBe(true) // with its ICC profile
  })

  for (const order of ['MM', 'II']) {
    it(`keeps Orientation=6 from ${order} Exif, and nothing else of it; the pixels decode as before`, () => {
      const plain = cjpeg(32, 16)
      const tagged = exifWrite(plain, [
        `-ExifByteOrder=${order}`,
        '-Orientation#=6',
        ...CAMERA,
        '-SerialNumber=SN123',
        '-XMP-exif:GPSLatitude=28.175',
      ])
      expect(readTags(tagged)['IFD0:Make']).toBe('Xiaomi')
      expect(readTags(tagged)['File:ExifByteOrder']).toBe(order)
      const out = jpeg(tagged)
      const tags = readTags(out)
      expect(tags['IFD0:Orientation']).toBe(6)
      expect(leftovers(tags)).toEqual([])
      expect(djpeg(out).equals(djpeg(plain))).toBe(true)
    })
  }

  it('writes no Exif at all when the photo is upright (Orientation 1 or none)', () => {
    const plain = cjpeg(32, 16)
    expect(same(jpeg(exifWrite(plain, ['-Orientation#=1', ...CAMERA])), plain)).toBe(true)
    expect(same(jpeg(exifWrite(plain, CAMERA)), plain)).toBe(true)
  })

  it('keeps a well-formed ICC profile and drops a broken one', () => {
    const withIcc = new Uint8Array(PLAIN_JPEG)
    expect(readTags(jpeg(withIcc))['ICC_Profile:ProfileDescription']).toBe('sRGB')
    const broken = new Uint8Array(PLAIN_JPEG)
    const acsp = Buffer.from(broken).indexOf('acsp')
    broken[acsp] = 0x41 // 'Acsp': no longer an ICC profile
    const out = jpeg(broken)
    expect(Buffer.from(out).includes('ICC_PROFILE')).toBe(false)
    expect(djpeg(out).equals(djpeg(withIcc))).toBe(true)
  })

  it('PNG: drops tIME, tEXt, iTXt, zTXt, eXIf, unknown chunks and what follows IEND; keeps colour chunks and the Orientation', () => {
    const plain = png()
    const tagged = exifWrite(plain, [
      '-PNG:ModifyDate=2026:03:01 09:30:00',
      '-PNG:Comment=东塘',
      '-XMP-exif:GPSLatitude=28.175',
      '-EXIF:Orientation#=6',
      ...CAMERA,
    ])
    expect(pngChunks(tagged).map(([t]) => t)).toEqual(expect.arrayContaining(['tIME', 'tEXt', 'iTXt', 'eXIf']))
    // add a colour chunk that must stay, private and compressed-text chunks and a trailer that must go
    const iend = tagged.length - 12
    const idat = Buffer.from(tagged).indexOf('IDAT') - 4
    const extra = Buffer.concat([
      Buffer.from(tagged.subarray(0, idat)),
      pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
      pngChunk('zTXt', 'Location\0\0x'),
      pngChunk('prVt', 'GPS 28.175N'),
      Buffer.from(tagged.subarray(idat, iend)),
      pngChunk('tEXt', 'GPSLatitude\x0028.175'),
      Buffer.from(tagged.subarray(iend)),
      Buffer.from('GPS 28.175N after IEND'),
    ])
    const out = stripMetadata(new Uint8Array(extra), 'image/png')
    expect(pngChunks(out).map(([t]) => t)).toEqual(['IHDR', 'eXIf', 'gAMA', 'IDAT', 'IEND'])
    const tags = readTags(out)
    expect(tags['IFD0:Orientation']).toBe(6)
    expect(tags['PNG:Gamma']).toBeCloseTo(2.2, 1)
    expect(leftovers(tags)).toEqual([])
    const pixels = (b: Uint8Array) => pngChunks(b).filter(([t]) => t === 'IDAT' || t === 'IHDR')
    expect(pixels(out)).toEqual(pixels(plain))
  })

  it('WebP: drops EXIF and XMP, keeps the ICC profile and the Orientation with matching VP8X flags', () => {
    const tagged = exifWrite(new Uint8Array(PLAIN_WEBP), ['-Orientation#=6', ...CAMERA, '-XMP-exif:GPSLatitude=28.175'])
    expect(readTags(tagged)['GPS:GPSLatitude']).toBe(28.175)
    const out = stripMetadata(tagged, 'image/webp')
    const tags = readTags(out)
    expect(tags['IFD0:Orientation']).toBe(6)
    expect(tags['ICC_Profile:ProfileDescription']).toBe('sRGB')
    expect(leftovers(tags)).toEqual([])
    expect(out[20]).toBe(0x20 | 0x08) // VP8X: ICC and Exif present, no XMP
    expect(Buffer.from(out).readUInt32LE(4)).toBe(out.length - 8)
    expect(same(stripMetadata(new Uint8Array(PLAIN_WEBP), 'image/webp'), PLAIN_WEBP)).toBe(true)
  })
})

describe('strip refuses what does not parse instead of passing it on', () => {
  const plain = cjpeg(32, 16)
  const sos = Buffer.from(plain).indexOf(Buffer.from([0xff, 0xda]))
  const sof = Buffer.from(plain).indexOf(Buffer.from([0xff, 0xc0]))
  const sofLen = (plain[sof + 2] << 8) | plain[sof + 3]
  const cases: [string, Uint8Array, 'image/jpeg' | 'image/png' | 'image/webp'][] = [
    ['JPEG cut inside the scan', plain.subarray(0, plain.length - 20), 'image/jpeg'],
    ['JPEG without EOI', plain.subarray(0, plain.length - 2), 'image/jpeg'],
    ['JPEG scan before the frame', new Uint8Array([...plain.subarray(0, sof), ...plain.subarray(sof + 2 + sofLen)]), 'image/jpeg'],
    [
      'JPEG with two frames',
      new Uint8Array([...plain.subarray(0, sos), ...plain.subarray(sof, sof + 2 + sofLen), ...plain.subarray(sos)]),
      'image/jpeg',
    ],
    ['lossless JPEG (SOF3)', Uint8Array.from(plain, (x, k) => (k === sof + 1 ? 0xc3 : x)), 'image/jpeg'],
    ['JPEG segment longer than the file', new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0, 0]), 'image/jpeg'],
    ['PNG with a wrong CRC', Uint8Array.from(png(), (x, k) => (k === 30 ? x ^ 1 : x)), 'image/png'],
    ['PNG with an unknown critical chunk', new Uint8Array([...png().subarray(0, 33), ...pngChunk('QQQQ', 'x'), ...png().subarray(33)]), 'image/png'],
    ['PNG without IEND', png().subarray(0, png().length - 12), 'image/png'],
    [
      'WebP that is only a VP8X header',
      new Uint8Array([...Buffer.from('RIFF'), 22, 0, 0, 0, ...Buffer.from('WEBPVP8X'), 10, 0, 0, 0, ...new Uint8Array(10)]),
      'image/webp',
    ],
    ['animated WebP', Uint8Array.from(PLAIN_WEBP, (x, k) => (k === 20 ? x | 0x02 : x)), 'image/webp'],
  ]
  for (const [name, bytes, mime] of cases) {
    it(name, () => {
      expect(() => stripMetadata(bytes, mime)).toThrow(BadImage)
    })
  }
})
