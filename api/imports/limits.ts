/** The limits of an import upload, in one place (docs/api.md and docs/security.md name them). */

/** Largest upload accepted by /imports/* (the app-wide JSON limit is 1 MiB). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024
/** Largest total of the uncompressed parts of an .xlsx (a zip bomb is refused before it is inflated). */
export const MAX_XLSX_INFLATED_BYTES = 100 * 1024 * 1024
/** Most data rows one import may hold (a 10,000-row issue file imports in one go). */
export const MAX_IMPORT_ROWS = 20_000
