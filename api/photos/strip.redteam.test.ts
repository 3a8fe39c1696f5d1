import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf } from '../issues/test-helpers.ts'
import { stripMetadata } from './strip.ts'
import { PLAIN_JPEG } from './test-images.ts'
import { cjpeg, djpeg, exifWrite, leftovers, readTags } from './test-tools.ts'

// Places a phone (or a careless tool) leaves the position in that a deny-list walker copies on: an
// image appended after EOI with its own Exif, a trailer, APP11, segments between progressive scans.
// Each must be gone after stripping while the first image still decodes to the same pixels.
const GPS = ['-GPSLatitude=28.175', '-GPSLatitudeRef=N', '-GPSLongitude=112.9875', '-GPSLongitudeRef=E']
const SECRET = 'GPS 28.175N 112.9875E'
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const u32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
const jpeg = (b: Uint8Array) => stripMetadata(b, 'image/jpeg')
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
const has = (b: Uint8Array, s: string) => Buffer.from(b).includes(s)
const segment = (marker: number, payload: Uint8Array | string) => {
  const data = Buffer.from(payload)
  return Buffer.concat([Buffer.from([0xff, marker, ...u16(data.length + 2)]), data])
}
const afterApp0 = (b: Uint8Array) => 4 + ((b[4] << 8) | b[5])
const insertAt = (b: Uint8Array, at: number, ...parts: Buffer[]) => new Uint8Array(Buffer.concat([b.subarray(0, at), ...parts, b.subarray(at)]))

/**
 * primary + secondary as a phone writes a multi-picture file (CIPA DC-007): an APP2 "MPF" index
 * after APP0 whose two entries give each image's size and offset, the second image after the
 * first one's EOI.
 */
function multiPicture(primary: Uint8Array, secondary: Uint8Array): Uint8Array {
  const entriesAt = 8 + 2 + 3 * 12 + 4 // MP entries, counted from the MPF TIFF header
  const build = (firstSize: number, secondOffset: number) =>
    Buffer.from([
      ...Buffer.from('MPF\0'),
      ...Buffer.from('MM\0*'),
      ...u32(8),
      ...u16(3),
      ...u16(0xb000),
      ...u16(7),
      ...u32(4),
      ...Buffer.from('0100'),
      ...u16(0xb001),
      ...u16(4),
      ...u32(1),
      ...u32(2),
      ...u16(0xb002),
      ...u16(7),
      ...u32(32),
      ...u32(entriesAt),
      ...u32(0),
      ...u32(0x030000),
      ...u32(firstSize),
      ...u32(0),
      0,
      0,
      0,
      0,
      ...u32(0),
      ...u32(secondary.length),
      ...u32(secondOffset),
      0,
      0,
      0,
      0,
    ])
  const at = afterApp0(primary)
  const firstSize = primary.length + 4 + build(0, 0).length
  const tiffAt = at + 8 // FF E2, length, "MPF\0"
  const mpf = segment(0xe2, build(firstSize, firstSize - tiffAt))
  return new Uint8Array(Buffer.concat([insertAt(primary, at, mpf), secondary]))
}

describe('strip red team: metadata a deny-list walker would pass on', () => {
  const plain = cjpeg(32, 16)
  const pixels = djpeg(plain)

  it('an image appended after EOI (MPF gain map, depth map) loses its own Exif GPS and camera', () => {
    const secondary = exifWrite(cjpeg(16, 8), [...GPS, '-Model=APPENDED-MODEL'])
    const mpo = multiPicture(plain, secondary)
    const before = readTags(mpo)
    expect(before['MPF0:NumberOfImages']).toBe(2)
    expect(before['Doc2:GPS:GPSLatitude']).toBe(28.175) // exiftool follows the index to the second image
    const out = jpeg(mpo)
    expect(leftovers(readTags(out))).toEqual([])
    expect(has(out, 'APPENDED-MODEL')).toBe(false)
    expect(
      Buffer.from(out)
        .subarray(2)
        .includes(Buffer.from([0xff, 0xd8])),
    ).toBe(false) // no second SOI
    expect(djpeg(out).equals(pixels)).toBe(true)
  })

  it('a trailer after EOI with GPS text is dropped, even one that ends like a JPEG', () => {
    const trailer = Buffer.concat([Buffer.from(`SEFH\0\0\0\0${SECRET}SEFT`), Buffer.from([0xff, 0xd9])])
    const out = jpeg(new Uint8Array(Buffer.concat([plain, trailer])))
    expect(has(out, SECRET)).toBe(false)
    expect(same(out, plain)).toBe(true)
  })

  it('an APP11 segment (JPEG XT / JUMBF) with GPS text is dropped', () => {
    const app11 = segment(0xeb, `JP\0\0\0\0\0\x01jumb${SECRET}`)
    const out = jpeg(insertAt(plain, afterApp0(plain), app11))
    expect(has(out, SECRET)).toBe(false)
    expect(same(out, plain)).toBe(true)
  })

  it('APPn and COM segments hidden between progressive scans are dropped; the scans decode as before', () => {
    const prog = cjpeg(64, 48, ['-progressive', '-restart', '1'])
    const second = Buffer.from(prog).indexOf(Buffer.from([0xff, 0xda]), Buffer.from(prog).indexOf(Buffer.from([0xff, 0xda])) + 2)
    expect(second).toBeGreaterThan(0)
    // The APP2 carries a whole JPEG, SOI to EOI, as Exif thumbnails and FlashPix streams do: its EOI must not end the walk.
    const embedded = segment(0xe2, Buffer.concat([Buffer.from(`FPXR\0${SECRET}`), cjpeg(8, 8)]))
    const hidden = insertAt(
      prog,
      second,
      segment(0xe1, `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET}</x:xmpmeta>`),
      segment(0xfe, SECRET),
      segment(0xed, `Photoshop 3.0\0${SECRET}`),
      embedded,
    )
    expect(djpeg(hidden).equals(djpeg(prog))).toBe(true) // a decoder skips them, so a viewer shows nothing wrong
    const out = jpeg(hidden)
    expect(has(out, SECRET)).toBe(false)
    expect(same(out, prog)).toBe(true)
  })

  it('a JFIF thumbnail (another copy of the picture) is dropped, the densities kept', () => {
    const thumb = Buffer.from([...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 2, 2, ...new Uint8Array(12).fill(0x7f)])
    const replaced = new Uint8Array(Buffer.concat([plain.subarray(0, 2), segment(0xe0, thumb), plain.subarray(afterApp0(plain))]))
    expect(readTags(replaced)['JFIF:ThumbnailWidth']).toBe(2)
    const out = jpeg(replaced)
    expect(readTags(out)['JFIF:ThumbnailWidth']).toBeUndefined()
    expect(readTags(out)['JFIF:XResolution']).toBe(1)
    expect(djpeg(out).equals(pixels)).toBe(true)
  })

  it('a phone-like upload keeps only its pixels, colour profile and Orientation, through the API into the database', async () => {
    // What a phone camera writes: camera, time, position in Exif and XMP, IPTC, a comment, an ICC
    // profile, the picture rotated by a flag, an MPF gain map with its own Exif, a vendor trailer.
    const icc = Buffer.from(PLAIN_JPEG).subarray(20, 20 + 2 + ((PLAIN_JPEG[22] << 8) | PLAIN_JPEG[23]))
    expect(icc.subarray(4, 15).toString()).toBe('ICC_PROFILE')
    const base = insertAt(plain, afterApp0(plain), icc)
    const camera = exifWrite(base, [
      '-Orientation#=6',
      '-Make=Xiaomi',
      '-Model=23049RAD8C',
      '-SerialNumber=SN123',
      '-Software=V14.0.4',
      '-LensModel=main',
      '-DateTimeOriginal=2026:03:01 09:30:00',
      '-OffsetTimeOriginal=+08:00',
      ...GPS,
      '-GPSAltitude=45',
      '-GPSDateStamp=2026:03:01',
      '-XMP-exif:GPSLatitude=28.175',
      '-XMP-exif:GPSLongitude=112.9875',
      '-XMP-xmp:CreateDate=2026:03:01 09:30:00',
      '-IPTC:City=长沙',
      '-IPTC:Sub-location=东塘',
      '-Comment=东塘 28.175N',
    ])
    const gainMap = exifWrite(cjpeg(16, 8), [...GPS, '-Model=GAINMAP-MODEL'])
    const phone = new Uint8Array(Buffer.concat([multiPicture(camera, gainMap), Buffer.from(`SEFH${SECRET}SEFT`)]))
    const before = readTags(phone)
    for (const tag of [
      'IFD0:Make',
      'ExifIFD:DateTimeOriginal',
      'GPS:GPSLatitude',
      'XMP-exif:GPSLatitude',
      'IPTC:City',
      'File:Comment',
      'Doc2:GPS:GPSLatitude',
      'ICC_Profile:ProfileDescription',
    ]) {
      expect(before[tag], tag).toBeDefined()
    }

    const app = await testApp()
    const res = await app.request('/api/v1/photos', {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', cookie: await cookieOf('inspector') },
      body: phone,
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const [row] = await (await testDb()).query<{ data: Uint8Array }>('SELECT data FROM issue_photos WHERE public_id = $1', [id])
    const stored = new Uint8Array(row.data)
    const tags = readTags(stored)
    expect(leftovers(tags)).toEqual([])
    expect(tags['IFD0:Orientation']).toBe(6)
    expect(tags['ICC_Profile:ProfileDescription']).toBe('sRGB')
    for (const text of [SECRET, 'GAINMAP-MODEL', 'Xiaomi', '东塘', 'MPF', 'xmpmeta']) expect(has(stored, text), text).toBe(false)
    expect(djpeg(stored).equals(pixels)).toBe(true)
  })
})
