/** The worker side of phash-pool.ts: decodes a JPEG and hashes it off the API's event loop. */
import { parentPort } from 'node:worker_threads'
import { jpegHash } from './phash.ts'

parentPort?.on('message', (job: { id: number; bytes: Uint8Array }) => {
  parentPort?.postMessage({ id: job.id, hash: jpegHash(job.bytes) })
})
