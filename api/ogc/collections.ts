/** The collections /ogc serves: one per map layer, and the issues under the shared filters. */
import { namedSql, type NamedSql } from '../../db/sql.ts'

export interface Collection {
  id: string
  title: string
  description: string
  query: NamedSql
  /** Geometry type advertised to clients (GDAL creates its layer with it). */
  geometry: 'MultiPolygon' | 'Polygon' | 'Point'
  /** The issues collection: shared filters, `datetime` on reported_at, a login needed, a grid manager's scope. */
  issues?: true
  /** Points: a grid manager sees their grids' only. */
  scoped?: true
}

const q = (file: string) => namedSql(import.meta.url, file)

export const COLLECTIONS: Collection[] = [
  { id: 'boundary', title: '街道边界', description: 'The street boundary (街道边界).', query: q('boundary.sql'), geometry: 'MultiPolygon' },
  {
    id: 'communities',
    title: '社区',
    description: 'Communities (社区) with population and area.',
    query: q('communities.sql'),
    geometry: 'MultiPolygon',
  },
  {
    id: 'grids',
    title: '责任网格',
    description: 'Responsibility grids (责任网格) with their community.',
    query: q('grids.sql'),
    geometry: 'MultiPolygon',
  },
  {
    id: 'points',
    title: '实地点位',
    description: 'Field inspection points (实地点位) with their class, grid and community.',
    query: q('points.sql'),
    geometry: 'Point',
    scoped: true,
  },
  {
    id: 'bike_zones',
    title: '共享单车停放区',
    description: 'Shared-bike parking zones (共享单车停放区).',
    query: q('bike-zones.sql'),
    geometry: 'Polygon',
  },
  {
    id: 'issues',
    title: '问题',
    description: 'Problems (问题) of the closed loop; the shared filters of /api/v1/issues apply; login required.',
    query: q('issues.sql'),
    geometry: 'Point',
    issues: true,
  },
]

export const collectionById = (id: string): Collection | undefined => COLLECTIONS.find((c) => c.id === id)
