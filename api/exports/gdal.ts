/**
 * Writing GeoPackage and Shapefile with GDAL's ogr2ogr (Debian's gdal-bin), the writer QGIS and
 * ArcGIS themselves rely on: no binary format is written by hand here. On a machine without GDAL
 * the exports answer 501 and say so; everything else (and /ogc) works without it.
 */
import { execFile } from 'node:child_process'
import { ApiError } from '../errors.ts'

/** The ogr2ogr to run: OGR2OGR names another binary (a GDAL outside PATH), read at each call. */
const ogr2ogrPath = () => process.env.OGR2OGR ?? 'ogr2ogr'

/** Runs ogr2ogr; 501 `gdal_unavailable` when it is not installed, the tool's message in the log otherwise. */
export function ogr2ogr(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ogr2ogrPath(), args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve()
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(
          new ApiError(501, 'gdal_unavailable', '服务器未安装 GDAL (ogr2ogr)，无法导出 GeoPackage/Shapefile；请安装 gdal-bin 或使用 /ogc 接口'),
        )
      reject(new Error(`ogr2ogr failed: ${stderr.trim().slice(0, 500) || err.message}`))
    })
  })
}
