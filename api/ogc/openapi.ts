/** The OpenAPI 3.0 definition of /ogc (conformance class oas30): what a client may ask, with the limits it is held to. */
import { COLLECTIONS } from './collections.ts'
import { SUPPORTED } from './crs.ts'
import { LIMIT } from './items.ts'

const json = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
})
const geojson = (description: string) => ({ description, content: { 'application/geo+json': { schema: { type: 'object' } } } })
const exception = {
  description: 'An exception: { code, description }',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } },
}
const crsParam = (name: string) => ({
  name,
  in: 'query',
  required: false,
  schema: { type: 'string', format: 'uri', enum: SUPPORTED.map((c) => c.uri) },
})

export function openApi(root: string) {
  return {
    openapi: '3.0.3',
    info: { title: '创城一张图 OGC API – Features', version: '1.0.0', description: "The street's layers and problems." },
    servers: [{ url: root }],
    paths: {
      '/': { get: { operationId: 'landing', responses: { 200: json('The landing page') } } },
      '/conformance': { get: { operationId: 'conformance', responses: { 200: json('The conformance classes') } } },
      '/api': { get: { operationId: 'api', responses: { 200: json('This document') } } },
      '/collections': { get: { operationId: 'collections', responses: { 200: json('The collections') } } },
      '/collections/{collectionId}': {
        get: {
          operationId: 'collection',
          parameters: [{ $ref: '#/components/parameters/collectionId' }],
          responses: { 200: json('One collection'), 404: exception },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'items',
          parameters: [
            { $ref: '#/components/parameters/collectionId' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: LIMIT.max, default: LIMIT.default } },
            {
              name: 'bbox',
              in: 'query',
              required: false,
              style: 'form',
              explode: false,
              schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
            },
            crsParam('bbox-crs'),
            crsParam('crs'),
            { name: 'datetime', in: 'query', required: false, description: 'issues only: on reported_at', schema: { type: 'string' } },
            { name: 'after', in: 'query', required: false, description: 'the paging key of the next link', schema: { type: 'string' } },
            { name: 'category', in: 'query', required: false, description: 'issues only', schema: { type: 'string' } },
            { name: 'status', in: 'query', required: false, description: 'issues only', schema: { type: 'string' } },
            { name: 'community', in: 'query', required: false, description: 'issues only', schema: { type: 'string' } },
            { name: 'grid', in: 'query', required: false, description: 'issues only', schema: { type: 'string' } },
          ],
          responses: { 200: geojson('A page of features'), 400: exception, 401: exception, 404: exception },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'item',
          parameters: [
            { $ref: '#/components/parameters/collectionId' },
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
            crsParam('crs'),
          ],
          responses: { 200: geojson('One feature'), 404: exception },
        },
      },
    },
    components: {
      parameters: {
        collectionId: { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: COLLECTIONS.map((c) => c.id) } },
      },
      schemas: {
        exception: { type: 'object', required: ['code'], properties: { code: { type: 'string' }, description: { type: 'string' } } },
      },
    },
  }
}
