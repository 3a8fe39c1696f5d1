/**
 * Street import: a street of 200 grids (20 communities of 10; every edge drawn with a vertex each
 * 5 m, as a GIS office's kerb-following lines are) written as Shapefiles in EPSG:4547 by ogr2ogr,
 * then read, projected, checked and written as POST /admin/streets/import does, on PGlite beside
 * 东塘. Target: ≤ 10 s for the import including the checks.
 */
import os from 'node:os'
import type { Polygon } from 'geojson'
import type { Layer } from '../../api/onboarding/attributes.ts'
import { prepare, type Upload } from '../../api/onboarding/prepare.ts'
import { importStreet } from '../../api/onboarding/street.ts'
import { shapefileZip, type FC } from '../../api/onboarding/test-files.ts'
import { loadedDb } from '../analysis/db.ts'

const CELL = 150
const STEP = 5
const X0 = 402_000
const Y0 = 3_115_000
const log = (m: string) => console.log(m)

/** A w × h rectangle whose edges carry a vertex every STEP metres, so neighbours share their vertices. */
function dense(x: number, y: number, w: number, h: number): Polygon {
  const ring: number[][] = []
  const edge = (ax: number, ay: number, bx: number, by: number) => {
    const n = Math.round(Math.hypot(bx - ax, by - ay) / STEP)
    for (let k = 0; k < n; k += 1) ring.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n])
  }
  edge(x, y, x + w, y)
  edge(x + w, y, x + w, y + h)
  edge(x + w, y + h, x, y + h)
  edge(x, y + h, x, y)
  ring.push(ring[0])
  return { type: 'Polygon', coordinates: [ring] }
}

const fc = (features: { p: Record<string, unknown>; g: Polygon }[]): FC => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', properties: f.p, geometry: f.g })),
})
// 5 × 4 communities, each 2 × 5 grids of 150 m: 10 × 20 grids, 1.5 km × 3 km
const communities = fc(
  Array.from({ length: 20 }, (_, k) => ({
    p: { 社区名称: `第${k + 1}社区` },
    g: dense(X0 + (k % 5) * 2 * CELL, Y0 + Math.floor(k / 5) * 5 * CELL, 2 * CELL, 5 * CELL),
  })),
)
const grids = fc(
  Array.from({ length: 200 }, (_, k) => ({
    p: { 网格名称: `网格${k + 1}` },
    g: dense(X0 + (k % 10) * CELL, Y0 + Math.floor(k / 10) * CELL, CELL, CELL),
  })),
)
const boundary = fc([{ p: {}, g: dense(X0, Y0, 10 * CELL, 20 * CELL) }])

const b = await loadedDb('pglite', 0, log)
try {
  const files: Partial<Record<Layer, Upload>> = {}
  for (const [layer, data] of [
    ['boundary', boundary],
    ['communities', communities],
    ['grids', grids],
  ] as const)
    files[layer] = { name: `${layer}.zip`, bytes: await shapefileZip(data, { srs: 'EPSG:4547', encoding: 'GBK' }) }
  const vertices = grids.features.reduce((s, f) => s + (f.geometry as Polygon).coordinates[0].length, 0)
  log(
    `  files: 200 grids (${vertices} vertices), 20 communities, boundary; ${Object.values(files).reduce((s, f) => s + f.bytes.length, 0)} bytes zipped`,
  )
  const run = async (label: string, dryRun: boolean, code: string) => {
    const t0 = performance.now()
    const errors: never[] = []
    const layers = await prepare(files, null, errors)
    const t1 = performance.now()
    const r = await b.db.tx((q) => importStreet(q, { code, name: '基准街道', layers, fixes: [], repair: false, dryRun, errors }))
    const t2 = performance.now()
    log(
      `  ${label}: read + project ${((t1 - t0) / 1000).toFixed(2)} s + check${dryRun ? '' : '/write'} ${((t2 - t1) / 1000).toFixed(2)} s = ${((t2 - t0) / 1000).toFixed(2)} s → errors ${r.errors.length}, gaps ${r.gaps.length}, overlaps ${r.overlaps.length}${r.street ? `, street ${r.street.id}` : ''}`,
    )
  }
  await run('dry run', true, '430111080')
  await run('import', false, '430111080')
  const [{ n }] = await b.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM grids g JOIN streets s ON s.id = g.street_id WHERE s.code = '430111080'",
  )
  log(`  grids written: ${n}`)
  log(
    `  machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join('/')}`,
  )
} finally {
  await b.drop()
}
