import { mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import { gunzipSync } from 'node:zlib'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { TEST_ADMIN_PASSWORD } from '../../db/testing/constants.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { MAX_BASEMAP_BYTES } from './limits.ts'
import { pmtilesFromMbtiles, rasterMbtiles, tilesBySqlite3, vectorMbtiles } from './test-archives.ts'

type App = Awaited<ReturnType<typeof testApp>>
const dataDir = mkdtempSync(join(os.tmpdir(), 'cgm-basemaps-'))
let app: App
let admin: string
// names are per run: the server engine's database is shared by the run's workers and kept between files
const run = Date.now().toString(36)

async function upload(name: string, file: Uint8Array | string, extra: Record<string, string> = {}, cookie = admin) {
  const form = new FormData()
  form.append('file', new File([typeof file === 'string' ? file : new Uint8Array(file)], `${name}.archive`))
  form.append('name', name)
  for (const [k, v] of Object.entries(extra)) form.append(k, v)
  const res = await app.request('/api/v1/admin/basemaps', { method: 'POST', body: form, headers: { cookie } })
  return { status: res.status, body: (await res.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any -- read loosely
}

const hex = async (res: Response) => Buffer.from(await res.arrayBuffer()).toString('hex')
const storedFiles = () => {
  try {
    return readdirSync(join(dataDir, 'basemaps'))
  } catch {
    return []
  }
}

beforeAll(async () => {
  app = await testApp({ DATA_DIR: dataDir })
  admin = await loginCookie('admin', TEST_ADMIN_PASSWORD)
})

describe('imported basemaps (MBTiles)', () => {
  it('serves every tile of a raster archive that GDAL made, byte for byte, and lists it', async () => {
    const bytes = rasterMbtiles(112.98, 28.16)
    const name = `ortho-${run}`
    const made = await upload(name, bytes, { attribution: '区测绘院 2026' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name, kind: 'raster', format: 'mbtiles', tile_type: 'png', crs: 'wgs84', attribution: '区测绘院 2026' })
    expect(made.body.vector_layers).toEqual([])
    const want = tilesBySqlite3(bytes)
    expect(want.size).toBeGreaterThan(0)
    const zooms = [...want.keys()].map((k) => Number(k.split('/')[0]))
    expect(made.body.minzoom).toBe(Math.min(...zooms))
    expect(made.body.maxzoom).toBe(Math.max(...zooms))
    for (const [zxy, data] of want) {
      const res = await app.request(`/api/v1/tiles/${name}/${zxy}`)
      expect(res.status, zxy).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(await hex(res)).toBe(data)
    }
    const [z, x, y] = [...want.keys()][0].split('/').map(Number)
    expect((await app.request(`/api/v1/tiles/${name}/${z}/${x + 1}/${y}`)).status).toBe(204)
    const list = (await (await app.request('/api/v1/basemaps')).json()) as { name: string; tiles: string }[]
    expect(list.find((b) => b.name === name)?.tiles).toBe(`/api/v1/tiles/${name}/{z}/{x}/{y}`)
  })

  it('serves a vector archive from ogr2ogr as gzipped MVT', async () => {
    const bytes = vectorMbtiles(113.0, 28.17)
    const name = `osm-${run}`
    const made = await upload(name, bytes, { crs: 'gcj02' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ kind: 'vector', tile_type: 'pbf', crs: 'gcj02', minzoom: 0, maxzoom: 12 })
    // ogr2ogr names the layer after the file and its tilestats say it holds points
    expect(made.body.vector_layers).toEqual([{ id: 'v', geometry: 'Point' }])
    const listed = (await (await app.request('/api/v1/basemaps')).json()) as { name: string; vector_layers: unknown }[]
    expect(listed.find((b) => b.name === name)?.vector_layers).toEqual([{ id: 'v', geometry: 'Point' }])
    for (const [zxy, data] of tilesBySqlite3(bytes)) {
      const res = await app.request(`/api/v1/tiles/${name}/${zxy}`)
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(await hex(res)).toBe(data)
    }
  })

  it('refuses what is not a tile archive, a taken name, an oversize upload and a non-admin, storing nothing', async () => {
    const before = storedFiles()
    const notSqlite = await upload(`bad1-${run}`, 'this is not a database')
    expect([notSqlite.status, notSqlite.body.error.code]).toEqual([422, 'invalid_tileset'])
    // a real SQLite file without a tiles table: GDAL's MBTiles with its table renamed
    const noTiles = rasterMbtiles(112.98, 28.16)
    const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
    const { writeFileSync, readFileSync } = await import('node:fs')
    const { execFileSync } = await import('node:child_process')
    writeFileSync(join(dir, 'n.mbtiles'), noTiles)
    execFileSync('sqlite3', [join(dir, 'n.mbtiles'), 'ALTER TABLE tiles RENAME TO pictures'])
    const bad2 = await upload(`bad2-${run}`, new Uint8Array(readFileSync(join(dir, 'n.mbtiles'))))
    expect([bad2.status, bad2.body.error.code]).toEqual([422, 'invalid_tileset'])
    const badName = await upload('Bad Name!', rasterMbtiles(112.98, 28.16))
    expect(badName.status).toBe(400)
    const taken = await upload(`ortho-${run}`, rasterMbtiles(112.98, 28.16))
    expect([taken.status, taken.body.error.code]).toEqual([409, 'basemap_exists'])
    const grid = await upload(`bad3-${run}`, rasterMbtiles(112.98, 28.16), {}, await loginCookie('grid01', DEMO_PASSWORD))
    expect(grid.status).toBe(403)
    // 2 GB announced: refused from the header, before a byte is read
    const huge = await app.request('/api/v1/admin/basemaps', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(2 * 1024 ** 3) },
      body: 'x',
    })
    expect(huge.status).toBe(413)
    expect(2 * 1024 ** 3).toBeGreaterThan(MAX_BASEMAP_BYTES)
    expect(storedFiles()).toEqual(before)
    const list = (await (await app.request('/api/v1/basemaps')).json()) as { name: string }[]
    expect(list.filter((b) => b.name.startsWith('bad'))).toEqual([])
  })

  it('answers 404 for an unknown basemap and 400 outside the pyramid', async () => {
    expect((await app.request(`/api/v1/tiles/nope-${run}/1/0/0`)).status).toBe(404)
    expect((await app.request(`/api/v1/tiles/ortho-${run}/25/0/0`)).status).toBe(400)
    expect((await app.request(`/api/v1/tiles/ortho-${run}/3/8/0`)).status).toBe(400)
  })
})

describe('intranet tile services and the CSP', () => {
  const cspOf = async () => (await app.request('/api/v1/health')).headers.get('content-security-policy') ?? ''
  const directive = (csp: string, name: string) => (csp.split(';').find((d) => d.trim().startsWith(`${name} `)) ?? '').trim().split(/\s+/).slice(1)
  /** Every http(s) source the CSP names, in any directive. */
  const outside = (csp: string) => [...new Set(csp.match(/https?:\/\/[^\s;]+/g) ?? [])]
  /** The origins of every registered service, computed here from the rows (every street's). */
  const registered = async () =>
    [
      ...new Set(
        (await (await testDb()).query<{ url: string }>('SELECT url FROM basemaps WHERE url IS NOT NULL')).map(
          (r) => new URL(r.url.replace(/\{[^}]+\}/g, '0')).origin,
        ),
      ),
    ].sort()
  const register = async (body: object, cookie = admin) => {
    const res = await app.request('/api/v1/admin/basemaps', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any -- read loosely
  }
  // a port per run, so the origin is this run's alone in a database other runs share
  const host = `http://10.77.${(Date.now() >> 8) % 250}.5:${8000 + (Date.now() % 1000)}`

  it('allows exactly the registered services’ origins for images and fetches, before, after and once removed', async () => {
    const before = await cspOf()
    expect(before).not.toContain(host)
    expect(outside(before).sort()).toEqual(await registered())

    const tdt = `tdt-${run}`
    const made = await register({
      name: tdt,
      url: `${host}/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&TileMatrix={TileMatrix}&TileRow={TileRow}&TileCol={TileCol}&tk={key}`,
      key: 'abc123',
      attribution: '天地图·区节点',
      crs: 'wgs84',
    })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({
      name: tdt,
      kind: 'raster',
      format: 'wmts',
      crs: 'wgs84',
      attribution: '天地图·区节点',
      minzoom: 0,
      maxzoom: 18,
    })
    expect(made.body.tiles).toBe(
      `${host}/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&TileMatrix={z}&TileRow={y}&TileCol={x}&tk=abc123`,
    )
    const gcj = await register({ name: `amap-${run}`, url: `${host}/gcj/{z}/{x}/{y}.png`, crs: 'gcj02' })
    expect(gcj.body).toMatchObject({ format: 'xyz', crs: 'gcj02', tiles: `${host}/gcj/{z}/{x}/{y}.png` })
    const listed = (await (await app.request('/api/v1/basemaps')).json()) as { name: string; tiles: string }[]
    expect(listed.find((b) => b.name === tdt)?.tiles).toBe(made.body.tiles)

    const after = await cspOf()
    expect(directive(after, 'img-src')).toContain(host)
    expect(directive(after, 'connect-src')).toContain(host)
    for (const d of ['script-src', 'default-src', 'style-src', 'font-src', 'worker-src', 'frame-ancestors'])
      expect(directive(after, d)).not.toContain(host)
    expect(outside(after).sort()).toEqual(await registered())
    // the page itself (not only API answers) carries the same policy
    expect((await app.request('/')).headers.get('content-security-policy')).toBe(after)

    expect((await app.request(`/api/v1/admin/basemaps/${tdt}`, { method: 'DELETE', headers: { cookie: admin } })).status).toBe(204)
    expect(directive(await cspOf(), 'img-src')).toContain(host) // the GCJ-02 service is still there
    expect((await app.request(`/api/v1/admin/basemaps/amap-${run}`, { method: 'DELETE', headers: { cookie: admin } })).status).toBe(204)
    expect(await cspOf()).not.toContain(host)
    expect((await app.request(`/api/v1/admin/basemaps/amap-${run}`, { method: 'DELETE', headers: { cookie: admin } })).status).toBe(404)
  })

  it('refuses templates without tile tokens, tokens or credentials in the host, other schemes and a missing key, storing nothing', async () => {
    const cases: [object, number][] = [
      [{ name: `s1-${run}`, url: `${host}/tiles/a.png` }, 400],
      [{ name: `s2-${run}`, url: 'http://t{s}.tianditu.gov.cn/{z}/{x}/{y}' }, 400],
      [{ name: `s3-${run}`, url: 'http://user:pw@10.1.1.1/{z}/{x}/{y}' }, 400],
      [{ name: `s4-${run}`, url: 'ftp://10.1.1.1/{z}/{x}/{y}' }, 400],
      [{ name: `s5-${run}`, url: `${host}/{z}/{x}/{y}?tk={key}` }, 400],
      [{ name: `s6-${run}`, url: `${host}/{z}/{x}/{y}`, key: 'k' }, 400],
      [{ name: `s7-${run}`, url: `${host}/{z}/{x}/{y}`, crs: 'bd09' }, 400],
      [{ name: 'street', url: `${host}/{z}/{x}/{y}` }, 400],
    ]
    for (const [body, status] of cases) expect((await register(body)).status, JSON.stringify(body)).toBe(status)
    expect((await register({ name: `s8-${run}`, url: `${host}/{z}/{x}/{y}` }, await loginCookie('grid01', DEMO_PASSWORD))).status).toBe(403)
    const listed = (await (await app.request('/api/v1/basemaps')).json()) as { name: string }[]
    expect(listed.filter((b) => /^s\d-/.test(b.name))).toEqual([])
    expect(await cspOf()).not.toContain(host)
  })
})

describe('PMTiles archives', () => {
  it('serves every tile of a vector and a raster PMTiles archive as the MBTiles GDAL made has it', async () => {
    const mvt = vectorMbtiles(113.0, 28.17)
    const name = `pmv-${run}`
    const made = await upload(name, pmtilesFromMbtiles(mvt, 1, 2))
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name, kind: 'vector', format: 'pmtiles', tile_type: 'pbf', minzoom: 0, maxzoom: 12 })
    expect(made.body.vector_layers).toEqual([{ id: 'v', geometry: 'Point' }])
    expect(storedFiles().some((f) => f.endsWith(`-${name}.pmtiles`))).toBe(true)
    const want = tilesBySqlite3(mvt)
    expect(want.size).toBeGreaterThan(10)
    for (const [zxy, data] of want) {
      const res = await app.request(`/api/v1/tiles/${name}/${zxy}`)
      expect(res.status, zxy).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      // the archive holds GDAL's gzipped tiles; they are served inflated (the reader inflates them)
      expect(res.headers.get('content-encoding')).toBeNull()
      expect(await hex(res)).toBe(gunzipSync(Buffer.from(data, 'hex')).toString('hex'))
    }
    expect((await app.request(`/api/v1/tiles/${name}/13/0/0`)).status).toBe(204)
    expect((await app.request(`/api/v1/tiles/${name}/25/0/0`)).status).toBe(400)
    expect((await app.request(`/api/v1/tiles/${name}/2/4/0`)).status).toBe(400)

    const png = rasterMbtiles(112.98, 28.16)
    const raster = await upload(`pmr-${run}`, pmtilesFromMbtiles(png, 2, 1), { attribution: '区测绘院' })
    expect(raster.body).toMatchObject({ kind: 'raster', format: 'pmtiles', tile_type: 'png', attribution: '区测绘院' })
    for (const [zxy, data] of tilesBySqlite3(png)) {
      const res = await app.request(`/api/v1/tiles/pmr-${run}/${zxy}`)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(res.headers.get('content-encoding')).toBeNull()
      expect(await hex(res)).toBe(data)
    }
    expect((await app.request(`/api/v1/admin/basemaps/pmr-${run}`, { method: 'DELETE', headers: { cookie: admin } })).status).toBe(204)
    expect(storedFiles().some((f) => f.endsWith(`-pmr-${run}.pmtiles`))).toBe(false)
    expect((await app.request(`/api/v1/tiles/pmr-${run}/0/0/0`)).status).toBe(404)
  })

  it('refuses a broken PMTiles archive (old version, no tiles, zooms past 24, unknown tile type, compressed tiles it cannot serve), storing nothing', async () => {
    const before = storedFiles()
    const good = pmtilesFromMbtiles(vectorMbtiles(113.0, 28.17), 1, 2)
    const broken = (edit: (b: Buffer) => void) => {
      const b = Buffer.from(good)
      edit(b)
      return new Uint8Array(b)
    }
    const cases = {
      version2: broken((b) => (b[7] = 2)),
      noTiles: broken((b) => b.writeBigUInt64LE(0n, 72)),
      zoom25: broken((b) => (b[101] = 25)),
      unknownType: broken((b) => (b[99] = 0)),
      brotli: broken((b) => (b[98] = 3)),
      truncated: good.slice(0, 60),
    }
    for (const [why, bytes] of Object.entries(cases)) {
      const res = await upload(`bad-${why.toLowerCase()}-${run}`, bytes)
      expect([res.status, res.body.error?.code], why).toEqual([422, 'invalid_tileset'])
    }
    // an MBTiles whose tiles claim zoom 25
    const dir = mkdtempSync(join(os.tmpdir(), 'cgm-mbtiles-'))
    const { writeFileSync, readFileSync } = await import('node:fs')
    const { execFileSync } = await import('node:child_process')
    writeFileSync(join(dir, 'z.mbtiles'), rasterMbtiles(112.98, 28.16))
    execFileSync('sqlite3', [join(dir, 'z.mbtiles'), 'UPDATE tiles SET zoom_level = 25'])
    const z25 = await upload(`bad-z25-${run}`, new Uint8Array(readFileSync(join(dir, 'z.mbtiles'))))
    expect([z25.status, z25.body.error.code]).toEqual([422, 'invalid_tileset'])
    expect(storedFiles()).toEqual(before)
  })
})
