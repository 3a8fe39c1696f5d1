/** Where to go after signing in: the page the user came from, if it is one of ours, or their role's home. */
const HOME: Record<string, string> = {
  admin: '/admin',
  leader: '/plan',
  group_leader: '/plan',
  inspector: '/patch',
  grid_manager: '/patch',
  kiosk: '/screen',
}

/** A same-origin path from `?next=` (never another host: `//evil`, `https://…`), else the role's home. */
export function afterLogin(next: unknown, role: string): string {
  if (typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login')) return next
  return HOME[role] ?? '/screen'
}
