/**
 * One server for the whole e2e run: prepares the seeded test database (unless the root global setup
 * already did in this process), builds the web app if stale, starts the server and hands its URL to
 * the test files through `inject('e2eUrl')`.
 */
import type { TestProject } from 'vitest/node'
import * as dbSetup from '../db/testing/global-setup.ts'
import { ensureWebBuild, type RunningServer, startServer } from './harness/server.ts'

let server: RunningServer | undefined
let ownsDb = false

export async function setup(project: TestProject) {
  if (!process.env.CGM_PGLITE_TEMPLATE) {
    ownsDb = true
    await dbSetup.setup()
  }
  ensureWebBuild()
  server = await startServer(process.env.CGM_PGLITE_TEMPLATE!)
  project.provide('e2eUrl', server.url)
}

export async function teardown() {
  await server?.stop()
  if (ownsDb) await dbSetup.teardown()
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eUrl: string
  }
}
