/** Largest tile archive an admin may upload; the reader (sql.js) holds an opened archive in memory. */
export const MAX_BASEMAP_BYTES = 256 * 1024 * 1024
