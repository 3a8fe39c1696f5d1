/** 市民上报 figures of one indicator unit: counts from public_reports and the rates built from them. */

export interface PublicRow {
  key: string | null
  received: number
  pending: number
  accepted: number
  rejected: number
  closed: number
  feedback: number
  satisfied: number
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null)

/** The `public` object of a row: 受理率 = accepted / decided (accepted + rejected; merged counts as accepted). */
export function publicFigures(r: PublicRow | undefined) {
  const z = r ?? { received: 0, pending: 0, accepted: 0, rejected: 0, closed: 0, feedback: 0, satisfied: 0 }
  return {
    received: z.received,
    pending: z.pending,
    accepted: z.accepted,
    rejected: z.rejected,
    acceptance_rate: ratio(z.accepted, z.accepted + z.rejected),
    closed: z.closed,
    closure_rate: ratio(z.closed, z.accepted),
    feedback: z.feedback,
    satisfied: z.satisfied,
    satisfaction_rate: ratio(z.satisfied, z.feedback),
  }
}
