/** Who is asking: the roles of the contract and the grids a grid manager is limited to. */
export const ROLES = ['admin', 'leader', 'group_leader', 'inspector', 'grid_manager', 'kiosk'] as const
/** Roles only an API token carries, never a person's account: the 12345 bridge files work orders and nothing else. */
export const TOKEN_ONLY_ROLES = ['hotline'] as const
export type Role = (typeof ROLES)[number] | (typeof TOKEN_ONLY_ROLES)[number]

export interface User {
  street_id: number
  username: string
  role: Role
  grids: string[] // the grid codes of a grid manager's patch; empty for other roles
  group_code: string | null // a group leader's 整治组
  /** A district account (issue 14): reads every street, writes only in its home street (street_id). */
  district?: boolean
  /** The street a district account last switched to (null: its home street). */
  street_choice?: number | null
}

/** Roles allowed to see personal data (contacts, phones) of field points. */
export function canSeeContacts(user: User | undefined): boolean {
  return !!user && user.role !== 'kiosk'
}

/** How the request proved who it is: a session cookie (needs CSRF checks) or a bearer token. */
export type AuthVia = 'cookie' | 'bearer'
