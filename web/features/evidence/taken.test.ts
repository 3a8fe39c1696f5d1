/**
 * What the phone reads before re-encoding a photo: EXIF that exiftool wrote, read back exactly by the
 * same code the app runs (exifr's lite build), the EXIF time in Beijing time unless it names an
 * offset, and the upload query built from it.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { exifWrite } from '../../../api/photos/test-tools.ts'
import { exifIso, takenOf, takenQuery } from './taken.ts'

const plain = () =>
  new Uint8Array(execFileSync('cjpeg', [], { input: Buffer.concat([Buffer.from('P6 16 16 255\n'), Buffer.alloc(16 * 16 * 3, 90)]) }))

describe('the phone’s reading of where and when a photo was taken', () => {
  it('reads exiftool’s capture time and position back exactly from an old gallery photo', async () => {
    const jpeg = exifWrite(plain(), [
      '-DateTimeOriginal=2026:11:20 09:30:05',
      '-GPSLongitude=113.0012345',
      '-GPSLongitudeRef=E',
      '-GPSLatitude=28.1756789',
      '-GPSLatitudeRef=N',
    ])
    const told = JSON.parse(execFileSync('exiftool', ['-j', '-n', '-GPSLatitude', '-GPSLongitude', '-'], { input: jpeg }).toString())[0]
    const file = new File([new Uint8Array(jpeg)], 'cam.jpg', { type: 'image/jpeg', lastModified: Date.parse('2026-11-20T01:30:05Z') })
    const t = await takenOf(file, Date.parse('2026-12-01T00:00:00Z'))
    expect(t.taken_at).toBe('2026-11-20T09:30:05+08:00')
    expect(t.lon).toBeCloseTo(told.GPSLongitude, 9)
    expect(t.lat).toBeCloseTo(told.GPSLatitude, 9)
    expect(takenQuery(t)).toBe(`?taken_at=2026-11-20T09%3A30%3A05%2B08%3A00&taken_lon=${t.lon!.toFixed(7)}&taken_lat=${t.lat!.toFixed(7)}`)
  })

  it('sends nothing for an old photo without EXIF, and the file time for one just taken (no position without geolocation)', async () => {
    const now = Date.parse('2026-12-01T00:00:00Z')
    expect(await takenOf(new File([plain()], 'old.jpg', { lastModified: now - 86_400_000 }), now)).toEqual({})
    expect(takenQuery({})).toBe('')
    const fresh = await takenOf(new File([plain()], 'new.jpg', { lastModified: now - 60_000 }), now)
    expect(fresh).toEqual({ taken_at: new Date(now - 60_000).toISOString() })
  })

  it('takes the EXIF offset when there is one', () => {
    expect(exifIso('2026:11:20 09:30:05', '+09:00')).toBe('2026-11-20T09:30:05+09:00')
    expect(exifIso('2026:11:20 09:30:05', undefined)).toBe('2026-11-20T09:30:05+08:00')
    expect(exifIso('garbage', undefined)).toBeUndefined()
  })
})
