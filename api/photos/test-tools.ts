/**
 * Outside tools the photo tests use, so that fixtures are made and results read back by code other
 * than the walker under test: cjpeg/djpeg (Debian package libjpeg-turbo-progs) encode and strictly
 * decode JPEGs, exiftool (libimage-exiftool-perl) writes camera metadata and reads back every tag,
 * including those of images appended after EOI.
 */
import { execFileSync } from 'node:child_process'

function run(cmd: string, args: string[], input: Uint8Array): Buffer {
  try {
    return execFileSync(cmd, args, { input, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'] })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${cmd} is missing: apt-get install libjpeg-turbo-progs libimage-exiftool-perl`, { cause: err })
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(err as { stderr?: Buffer }).stderr ?? err}`, { cause: err })
  }
}

/** A w×h PPM of deterministic noise: busy enough that Huffman data holds stuffed 0xFF00 bytes. */
export function noisePpm(w: number, h: number): Uint8Array {
  const head = Buffer.from(`P6 ${w} ${h} 255\n`)
  const px = new Uint8Array(w * h * 3)
  let s = 1
  for (let k = 0; k < px.length; k++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    px[k] = (s >> 16) & 0xff
  }
  return new Uint8Array(Buffer.concat([head, px]))
}

/** A JPEG of noisePpm(w, h) encoded by cjpeg with the given switches (e.g. -progressive -restart 1). */
export const cjpeg = (w: number, h: number, args: string[] = []): Uint8Array => new Uint8Array(run('cjpeg', args, noisePpm(w, h)))

/** The pixels djpeg decodes, as PPM; throws if libjpeg reports any error or warning (djpeg exits 2 on a warning). */
export const djpeg = (jpeg: Uint8Array): Buffer => run('djpeg', ['-ppm'], jpeg)

/** The file after `exiftool <args>` wrote to it (e.g. -GPSLatitude=28.175). */
export const exifWrite = (bytes: Uint8Array, args: string[]): Uint8Array => new Uint8Array(run('exiftool', ['-q', ...args, '-o', '-', '-'], bytes))

/**
 * Every tag exiftool finds, named Doc:Group:Tag (Doc2… for appended images), numeric values; the
 * file-system and tool entries exiftool adds for any input are left out.
 */
export function readTags(bytes: Uint8Array): Record<string, unknown> {
  const [tags] = JSON.parse(run('exiftool', ['-j', '-a', '-G3:1', '-ee3', '-n', '-'], bytes).toString()) as Record<string, unknown>[]
  return Object.fromEntries(Object.entries(tags).filter(([k]) => k !== 'SourceFile' && !k.startsWith('System:') && k !== 'ExifTool:ExifToolVersion'))
}

// What a stripped photo may carry: the file's structure, JFIF densities, PNG/WebP headers and the Orientation…
const KEPT = /^(File|JFIF|Composite|PNG|RIFF):|^IFD0:Orientation$/
// …but none of these, whatever group exiftool files them under (a JPEG comment is File:Comment, tIME is PNG:ModifyDate).
const TELLING = /GPS|Comment|Make|Model|Date|Time|Serial|Author|Creator|Software/i
// The ICC colour profile is kept whole, by design: its date and device fields describe the profile, not the photo.
const ICC = /^ICC[-_]/

/** The tags a stripped photo must not have; [] when only structure, colour profile and Orientation are left. */
export const leftovers = (tags: Record<string, unknown>): string[] =>
  Object.keys(tags).filter((k) => !ICC.test(k) && (!KEPT.test(k) || TELLING.test(k)))
