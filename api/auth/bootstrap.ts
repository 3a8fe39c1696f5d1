/** First start: the admin account, and the demo accounts when the 东塘 demo data was loaded. */
import type { Db } from '../../db/adapter.ts'
import { hashPassword, PASSWORD_COST, type ScryptCost } from './password.ts'
import { COUNT_USERS, INSERT_USER, INSERT_USER_GRID } from './queries.ts'
import { newPassword } from './secret.ts'
import type { Role } from './user.ts'

/** The documented password of the demo accounts (README); they exist only beside the demo data. */
export const DEMO_PASSWORD = 'dongtang-demo'

interface Account {
  username: string
  display: string
  role: Role
  group?: string
  grids?: number // the first N grids of the street, in code order
  phone?: string
}

const DEMO: Account[] = [
  // Phones are made up for the demo (0731-8000 000x), so that it shows whom 督办 would call.
  { username: 'leader', display: '街道领导（演示）', role: 'leader', phone: '0731-80000001' },
  { username: 'group01', display: '整治组长（演示）', role: 'group_leader', group: 'G01', phone: '0731-80000002' },
  { username: 'inspector', display: '督查员（演示）', role: 'inspector', phone: '0731-80000003' },
  { username: 'grid01', display: '网格员（演示）', role: 'grid_manager', grids: 2, phone: '0731-80000004' },
  { username: 'screen', display: '指挥中心大屏', role: 'kiosk' },
]

/** The demo district's 创建办 leader: reads every street, writes nowhere but its home street. */
export const DISTRICT_DEMO: Account = { username: 'district', display: '区创建办（演示）', role: 'leader', phone: '0731-80000009' }

/** Creates the demo district account in `street` unless it exists; true when created. */
export async function ensureDistrictDemo(db: Db, street: number, cost: ScryptCost): Promise<boolean> {
  const [had] = await db.query('SELECT 1 FROM users WHERE street_id = $1 AND username = $2', [street, DISTRICT_DEMO.username])
  if (had) return false
  await create(db, street, DISTRICT_DEMO, DEMO_PASSWORD, cost)
  await db.query('UPDATE users SET district = true WHERE street_id = $1 AND username = $2', [street, DISTRICT_DEMO.username])
  return true
}

async function create(db: Db, street: number, a: Account, password: string, cost: ScryptCost) {
  await db.tx(async (q) => {
    await q.query(INSERT_USER, [street, a.username, a.display, await hashPassword(password, cost), a.role, a.group ?? null])
    if (a.phone) await q.query('UPDATE users SET phone = $3 WHERE street_id = $1 AND username = $2', [street, a.username, a.phone])
    if (a.grids) {
      const grids = await q.query<{ code: string }>('SELECT code FROM grids WHERE street_id = $1 ORDER BY code LIMIT $2', [street, a.grids])
      for (const g of grids) await q.query(INSERT_USER_GRID, [street, a.username, g.code])
    }
  })
}

/**
 * Creates `admin` in every street that has no account yet (with ADMIN_PASSWORD, or a random
 * password printed once), plus the demo accounts where the street holds the generated demo data.
 * `passwordCost` is for test harnesses only; the server always hashes at PASSWORD_COST.
 */
export async function ensureAccounts(db: Db, o: { adminPassword?: string; log: (m: string) => void; passwordCost?: ScryptCost }) {
  const cost = o.passwordCost ?? PASSWORD_COST
  const streets = await db.query<{ id: number; name: string; demo: boolean }>(
    'SELECT s.id, s.name, EXISTS (SELECT 1 FROM issues i WHERE i.street_id = s.id AND i.synthetic) AS demo FROM streets s ORDER BY s.id',
  )
  const demoStreets = streets.filter((s) => s.demo)
  for (const s of streets) {
    const [{ n }] = await db.query<{ n: number }>(COUNT_USERS, [s.id])
    if (n > 0) continue
    const password = o.adminPassword ?? newPassword()
    await create(db, s.id, { username: 'admin', display: '系统管理员', role: 'admin' }, password, cost)
    o.log(
      o.adminPassword
        ? `${s.name}: account admin created with ADMIN_PASSWORD`
        : `${s.name}: account admin created, password (shown once): ${password}`,
    )
    if (!s.demo) continue
    for (const a of DEMO) await create(db, s.id, a, DEMO_PASSWORD, cost)
    o.log(`${s.name}: demo accounts ${DEMO.map((a) => a.username).join(', ')} (password ${DEMO_PASSWORD})`)
  }
  // a demo district (issue 14): one district-wide leader, at home in the first demo street
  if (demoStreets.length > 1 && (await ensureDistrictDemo(db, demoStreets[0].id, cost))) {
    o.log(`${demoStreets[0].name}: demo district account ${DISTRICT_DEMO.username} (password ${DEMO_PASSWORD}), reads every street`)
  }
}
