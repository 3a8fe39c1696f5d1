/** The two ways a session's bytes reach a client: the Node response's socket, or a web ReadableStream. */
import type { ServerResponse } from 'node:http'
import type { Sink } from './session.ts'

/** Writes to the Node response directly; what the socket has not taken counts as buffered. */
export function nodeSink(res: ServerResponse): Sink {
  return {
    write: (b) => res.write(b),
    drained: () =>
      new Promise((resolve) => {
        const done = () => {
          res.off('drain', done)
          res.off('close', done)
          resolve()
        }
        res.on('drain', done)
        res.on('close', done)
      }),
    // The response's own queue plus its socket's (writableLength counts both).
    buffered: () => res.writableLength,
    end: () => res.end(),
    destroy: () => res.destroy(),
  }
}

/** Node's default write high-water mark: the web stream paces the replay at the same point. */
const HIGH_WATER = 16 * 1024

/** A byte stream for runtimes without a Node response (and app.request() in tests); `onCancel` runs when the reader goes. */
export function webSink(onCancel: () => void): { body: ReadableStream<Uint8Array>; sink: Sink } {
  let ctl!: ReadableStreamDefaultController<Uint8Array>
  let wake: (() => void) | null = null
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (ctl = c),
      pull: () => {
        wake?.()
        wake = null
      },
      cancel: () => {
        wake?.()
        onCancel()
      },
    },
    { highWaterMark: HIGH_WATER, size: (b) => b.byteLength },
  )
  // After the reader has gone, enqueue, close and error throw: the session is ending anyway.
  const quietly = (fn: () => void) => {
    try {
      fn()
    } catch {
      /* the stream is already closed */
    }
  }
  const finish = (fn: () => void) => {
    quietly(fn)
    wake?.()
  }
  return {
    body,
    sink: {
      write: (b) => {
        quietly(() => ctl.enqueue(b))
        return (ctl.desiredSize ?? 0) > 0
      },
      drained: () => new Promise((resolve) => void (wake = resolve)),
      buffered: () => HIGH_WATER - (ctl.desiredSize ?? HIGH_WATER),
      end: () => finish(() => ctl.close()),
      destroy: () => finish(() => ctl.error(new Error('stream ended by the server'))),
    },
  }
}
