/** The baseline: the same tile bytes as files, served by @hono/node-server's serveStatic (as the web app is). */
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

const [root, port] = process.argv.slice(2)
const app = new Hono().use('/*', serveStatic({ root }))
serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, () => console.log('static ready'))
