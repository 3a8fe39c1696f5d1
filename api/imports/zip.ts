/**
 * How far a zip archive (an .xlsx) really inflates, found by inflating it with fflate and counting what
 * comes out — not by trusting the sizes its headers declare, which a crafted bomb can understate —
 * and stopping as soon as the count passes the cap, so a bomb costs at most `cap` bytes of work.
 */
import { Unzip, UnzipInflate } from 'fflate'

class Over extends Error {}

/** 'ok', 'too_large' (inflates past `cap` bytes in all) or 'invalid' (not a zip fflate can read). */
export function inflationCheck(bytes: Uint8Array, cap: number): 'ok' | 'too_large' | 'invalid' {
  let total = 0
  let files = 0
  const unzip = new Unzip((file) => {
    files += 1
    file.ondata = (err, chunk) => {
      if (err) throw err
      total += chunk.length
      if (total > cap) throw new Over()
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  try {
    unzip.push(bytes, true)
  } catch (e) {
    return e instanceof Over ? 'too_large' : 'invalid'
  }
  return files > 0 ? 'ok' : 'invalid'
}
