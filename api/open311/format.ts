/** Open311 GeoReport v2 answers in JSON or XML (the spec's element names), errors as [{ code, description }]. */
import { XMLBuilder } from 'fast-xml-parser'

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false })

/** The response format a path asks for by its extension. */
export const formatOf = (path: string): 'json' | 'xml' => (path.endsWith('.xml') ? 'xml' : 'json')

/** Any object as an XML document with the declaration. */
export function xmlDoc(doc: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(doc)}`
}

/** A list as the spec's XML: <root><item>…</item>…</root>, with the declaration. */
export function toXml(root: string, item: string, list: Record<string, unknown>[]): string {
  const clean = list.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v ?? ''])))
  return xmlDoc({ [root]: { [item]: clean } })
}

/** An error body of the spec: JSON [{ code, description }] or XML <errors><error>…</error></errors>. */
export function open311Error(path: string, code: number, description: string): { body: string; type: string } {
  const list = [{ code, description }]
  return formatOf(path) === 'xml'
    ? { body: toXml('errors', 'error', list), type: 'text/xml; charset=utf-8' }
    : { body: JSON.stringify(list), type: 'application/json; charset=utf-8' }
}
