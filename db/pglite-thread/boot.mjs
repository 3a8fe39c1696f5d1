// The engine's thread starts here, in JavaScript: a worker does not inherit tsx's loader from
// the API's thread, so it registers it before it loads worker.ts (db/pglite-thread/client.ts).
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
