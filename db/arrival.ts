/**
 * The order in which requests arrived, carried through each request's asynchronous work, so that a
 * queue of database jobs can serve older requests first (db/lanes.ts): a report's fifth statement
 * then does not wait behind the first statements of requests that came after it.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

const store = new AsyncLocalStorage<number>()
let last = 0

/** Runs `fn` (the rest of a request) as the latest arrival. */
export function arrive<T>(fn: () => Promise<T>): Promise<T> {
  return store.run(++last, fn)
}

/** The arrival of the request this runs in; work outside any request arrives now. */
export function arrival(): number {
  return store.getStore() ?? ++last
}
