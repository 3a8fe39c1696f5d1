/**
 * The permission matrix: every endpoint (and every step of the closed loop) × every kind of caller
 * → what happens. api/auth/matrix.test.ts walks it against the real app and fails when a route the
 * app registers has no row here; docs/security.md shows it rendered (renderPolicy), and the same
 * test keeps the two equal. To add an endpoint, add one line to POLICY.
 */

/** The callers of the matrix: nobody signed in, then the roles from least to most trusted. */
export const CALLERS = ['anonymous', 'kiosk', 'grid_manager', 'inspector', 'group_leader', 'leader', 'admin'] as const
export type Caller = (typeof CALLERS)[number]

/**
 * - `allow`: answered (2xx).
 * - `public`: answered when PUBLIC_READS=true (the default); 401 when it is false.
 * - `scoped`: answered, but only with what lies in the caller's grids (a grid manager's patch).
 * - `own`: allowed on what is the caller's own (a grid manager's grids, a group leader's group);
 *   otherwise 404 (a grid manager is told it does not exist), 403 (a group leader), or for a merge
 *   target outside the patch 422, as a target that does not exist.
 * - `401` / `403`: refused (not signed in / signed in with a role that may not).
 */
export type Outcome = 'allow' | 'public' | 'scoped' | 'own' | '401' | '403'
const OUTCOMES = new Set<string>(['allow', 'public', 'scoped', 'own', '401', '403'])

export interface Rule {
  /** `METHOD /path` under /api/v1, as Hono registers it; a transition adds its action: `… transitions assign`. */
  key: string
  method: string
  path: string
  action?: string
  outcomes: Record<Caller, Outcome>
}

/** One rule from a line: the key, then one outcome per caller in the order of CALLERS. */
function rule(key: string, cells: string): Rule {
  const [method, path, action] = key.split(' ')
  const list = cells.trim().split(/\s+/)
  if (list.length !== CALLERS.length || !list.every((o) => OUTCOMES.has(o))) throw new Error(`policy row ${key}: bad outcomes "${cells}"`)
  return { key, method, path, action, outcomes: Object.fromEntries(CALLERS.map((c, k) => [c, list[k]])) as Record<Caller, Outcome> }
}

const ADMIN_ONLY = '401 403 403 403 403 403 allow'
const PUBLIC = 'public allow allow allow allow allow allow'
const PUBLIC_SCOPED = 'public allow scoped allow allow allow allow'
const STAFF_OWN = '401 403 own allow allow allow allow'
const PLANNING = 'public allow 403 allow allow allow allow'
/** 市民随手拍 moderation: who may accept, merge or reject residents' reports (api/public/limits.ts MODERATORS). */
const MODERATE = '401 403 403 allow allow allow allow'

// A table read across (one rule per line, roles in aligned columns), so the formatter leaves it alone.
//                                                      anonymous kiosk grid_manager inspector group_leader leader admin
// prettier-ignore
export const POLICY: Rule[] = [
  rule('GET /health',                                   'allow allow allow allow allow allow allow'),
  rule('POST /auth/login',                              'allow allow allow allow allow allow allow'),
  rule('POST /auth/logout',                             'allow allow allow allow allow allow allow'),
  rule('GET /auth/me',                                  '401 allow allow allow allow allow allow'),
  rule('GET /auth/tokens',                              ADMIN_ONLY),
  rule('POST /auth/tokens',                             ADMIN_ONLY),
  rule('DELETE /auth/tokens/:id',                       ADMIN_ONLY),
  rule('GET /audit',                                    ADMIN_ONLY),
  rule('GET /layers/boundary',                          PUBLIC),
  rule('GET /layers/communities',                       PUBLIC),
  rule('GET /layers/grids',                             PUBLIC),
  rule('GET /layers/points',                            PUBLIC_SCOPED),
  rule('GET /layers/bike-zones',                        PUBLIC),
  rule('GET /layers/basemap',                           PUBLIC),
  // Vector tiles of the same layers (issue 19): as public as /layers, the points' public fields only, like /exports.
  rule('GET /tiles/street/:z/:x/:file',                 PUBLIC),
  // Imported basemaps (issue 19): listed and served like the layers; only admins upload them.
  rule('GET /basemaps',                                 PUBLIC),
  rule('GET /tiles/:name/:z/:x/:y',                     PUBLIC),
  rule('POST /admin/basemaps',                          ADMIN_ONLY),
  rule('DELETE /admin/basemaps/:name',                  ADMIN_ONLY),
  rule('GET /issues',                                   PUBLIC_SCOPED),
  rule('POST /issues',                                  '401 403 own allow allow allow allow'),
  rule('GET /issues/:id',                               STAFF_OWN),
  rule('GET /issues/:id/duplicates',                    STAFF_OWN),
  rule('GET /issues/:id/notice',                        STAFF_OWN),
  rule('POST /issues/:id/transitions assign',           '401 403 403 403 own allow allow'),
  rule('POST /issues/:id/transitions start',            '401 403 own 403 own allow allow'),
  rule('POST /issues/:id/transitions rectify',          '401 403 own 403 own allow allow'),
  rule('POST /issues/:id/transitions approve',          '401 403 403 allow 403 allow allow'),
  rule('POST /issues/:id/transitions reject',           '401 403 403 allow 403 allow allow'),
  rule('POST /issues/:id/transitions answer',           '401 403 403 403 403 allow allow'),
  rule('POST /issues/:id/transitions reopen',           '401 403 403 allow 403 allow allow'),
  rule('POST /issues/:id/transitions merge',            '401 403 own allow own allow allow'),
  // 督办 by hand (issue 22): street leaders
  rule('POST /issues/:id/supervise',                    '401 403 403 403 403 allow allow'),
  rule('POST /photos',                                  '401 403 allow allow allow allow allow'),
  rule('GET /photos/:id',                               STAFF_OWN),
  rule('GET /evidence/doubtful',                        '401 403 403 allow allow allow allow'),
  rule('GET /stats/grids',                              PUBLIC_SCOPED),
  rule('GET /stats/communities',                        PUBLIC_SCOPED),
  rule('GET /stats/summary',                            PUBLIC_SCOPED),
  rule('GET /stream',                                   PUBLIC_SCOPED),
  rule('GET /indicators',                               PUBLIC_SCOPED),
  rule('GET /analysis/bike-coverage',                   PLANNING),
  rule('GET /analysis/bins',                            PLANNING),
  rule('GET /analysis/hotspots',                        PLANNING),
  rule('GET /analysis/recurring',                       PLANNING),
  rule('POST /analysis/area',                           PLANNING),
  rule('GET /admin/users',                              ADMIN_ONLY),
  rule('POST /admin/users',                             ADMIN_ONLY),
  rule('PATCH /admin/users/:username',                  ADMIN_ONLY),
  rule('POST /admin/users/:username/password',          ADMIN_ONLY),
  rule('GET /admin/groups',                             ADMIN_ONLY),
  rule('POST /admin/groups',                            ADMIN_ONLY),
  rule('PATCH /admin/groups/:code',                     ADMIN_ONLY),
  rule('GET /admin/categories',                         ADMIN_ONLY),
  rule('PATCH /admin/categories/:code',                 ADMIN_ONLY),
  rule('GET /admin/calendar',                           ADMIN_ONLY),
  rule('PUT /admin/calendar/:day',                      ADMIN_ONLY),
  rule('DELETE /admin/calendar/:day',                   ADMIN_ONLY),
  rule('GET /admin/group-rules',                        ADMIN_ONLY),
  rule('PUT /admin/group-rules',                        ADMIN_ONLY),
  rule('DELETE /admin/group-rules/:category/:community', ADMIN_ONLY),
  rule('GET /admin/loop-settings',                      ADMIN_ONLY),
  rule('PUT /admin/loop-settings',                      ADMIN_ONLY),
  rule('GET /admin/places',                             ADMIN_ONLY),
  rule('GET /admin/gazetteer',                          ADMIN_ONLY),
  rule('PUT /admin/gazetteer/aliases/:alias',           ADMIN_ONLY),
  rule('DELETE /admin/gazetteer/aliases/:alias',        ADMIN_ONLY),
  rule('POST /admin/gazetteer/ranges',                  ADMIN_ONLY),
  rule('DELETE /admin/gazetteer/ranges/:id',            ADMIN_ONLY),
  rule('POST /admin/gazetteer/locate',                  ADMIN_ONLY),
  // GIS files (GeoPackage, zipped Shapefile): the layers as public as /layers; problems for staff, a grid manager's own.
  rule('GET /exports/issues.gpkg',                      '401 403 scoped allow allow allow allow'),
  rule('GET /exports/issues.shp.zip',                   '401 403 scoped allow allow allow allow'),
  rule('GET /exports/:file',                            PUBLIC),
  // 攻坚 campaigns: leaders and admins plan them; group leaders read their group's; the wall reads all.
  rule('GET /campaigns',                                '401 allow 403 allow allow allow allow'),
  rule('POST /campaigns',                               '401 403 403 403 403 allow allow'),
  rule('GET /campaigns/:id',                            '401 allow 403 allow own allow allow'),
  rule('PATCH /campaigns/:id',                          '401 403 403 403 403 allow allow'),
  rule('GET /campaigns/:id/summary.xlsx',               '401 allow 403 allow own allow allow'),
  // Data in and out (ledgers): the same readers and scope as /layers/points and /issues.
  rule('GET /ledgers/points.xlsx',                      PUBLIC_SCOPED),
  rule('GET /ledgers/issues.xlsx',                      PUBLIC_SCOPED),
  // Contacts for 督办 (issue 23): the phones of a grid's managers and a group's leaders, staff only.
  rule('GET /contacts',                                 '401 403 allow allow allow allow allow'),
  // 督查测评 (issue 12): inspectors, group leaders, leaders and admins inspect; grid managers read their grids' scores; the wall reads aggregates.
  rule('GET /checklists',                               '401 allow allow allow allow allow allow'),
  rule('PUT /admin/checklists/:class_code',             ADMIN_ONLY),
  rule('POST /inspections',                             '401 403 403 allow allow allow allow'),
  rule('GET /inspections',                              '401 403 scoped allow allow allow allow'),
  rule('POST /rounds',                                  '401 403 403 allow allow allow allow'),
  rule('GET /rounds/:id',                               '401 403 403 allow allow allow allow'),
  rule('GET /assessments/weekly',                       PUBLIC_SCOPED),
  rule('GET /admin/assessment-settings',                ADMIN_ONLY),
  rule('PUT /admin/assessment-settings',                ADMIN_ONLY),
  rule('GET /bulletins/weekly',                         '401 403 403 allow allow allow allow'),
  // Data in and out (imports, issue 13): the point ledger by admins; issues and 12345 exports by leaders and admins.
  rule('POST /imports/points',                          ADMIN_ONLY),
  rule('POST /imports/issues',                          '401 403 403 403 403 allow allow'),
  // Onboarding a street from its GIS files (issue 14): admins only; the matrix sends a dry run.
  rule('POST /admin/streets/import',                    ADMIN_ONLY),
  // 12345 (issue 13): orders come from a `hotline` token (403 everywhere else, gate.ts HOTLINE_MAY); staff place the unlocated.
  rule('POST /hotline/cases',                           ADMIN_ONLY),
  rule('GET /hotline/unlocated',                        '401 403 403 allow 403 allow allow'),
  rule('POST /hotline/cases/:case_no/place',            '401 403 403 allow 403 allow allow'),
  // 回访 (issue 13): those who may reopen, since a dissatisfied callback does.
  rule('POST /issues/:id/callback',                     '401 403 403 allow 403 allow allow'),
  // A district of streets (issue 14): the street list (a street's account sees only its own) and the
  // switcher; the district ranking for public readers and district accounts, never a street's account
  // (a district account is a leader or kiosk with users.district; api/district/district.test.ts walks
  // the street axis: no street account reads another street through any route).
  rule('GET /streets',                                  PUBLIC),
  rule('PUT /streets/current',                          PUBLIC),
  rule('GET /district',                                 'public 403 403 403 403 403 403'),
  rule('GET /district/boundaries',                      'public 403 403 403 403 403 403'),
  // API tokens for a district's machine clients (a district wall display): issued and revoked by a
  // district leader only (every street account is refused), read as a district-wide kiosk.
  rule('POST /district/tokens',                         '401 403 403 403 403 403 403'),
  rule('DELETE /district/tokens/:id',                   '401 403 403 403 403 403 403'),

  // 市民随手拍 (issue 20): residents report and follow by 查询码 without an account (rate limited, proof of work).
  rule('GET /public/map',                               'allow allow allow allow allow allow allow'),
  rule('GET /public/categories',                        'allow allow allow allow allow allow allow'),
  rule('GET /public/challenge',                         'allow allow allow allow allow allow allow'),
  rule('POST /public/reports',                          'allow allow allow allow allow allow allow'),
  rule('GET /public/reports/:code',                     'allow allow allow allow allow allow allow'),
  rule('GET /public/reports/:code/after-photo',         'allow allow allow allow allow allow allow'),
  rule('POST /public/reports/:code/feedback',           'allow allow allow allow allow allow allow'),
  // Moderation (the moderating right: inspectors, group leaders, leaders, admins); the kill switch by admins.
  rule('GET /moderation/reports',                       MODERATE),
  rule('GET /moderation/reports/:id/photos/:photo',     MODERATE),
  rule('POST /moderation/reports/:id',                  MODERATE),
  rule('GET /moderation/settings',                      ADMIN_ONLY),
  rule('PUT /moderation/settings',                      ADMIN_ONLY),
]

const CELL: Record<Outcome, string> = { allow: 'yes', public: 'public', scoped: 'own grids', own: 'own', '401': '401', '403': '403' }

/** The matrix as the Markdown table in docs/security.md (between the policy markers). */
export function renderPolicy(rules: Rule[] = POLICY): string {
  const head = `| endpoint | ${CALLERS.join(' | ')} |\n|---|${CALLERS.map(() => '---').join('|')}|`
  const rows = rules.map(
    (r) => `| \`${r.method} ${r.path}\`${r.action ? ` \`${r.action}\`` : ''} | ${CALLERS.map((c) => CELL[r.outcomes[c]]).join(' | ')} |`,
  )
  return [head, ...rows].join('\n')
}

export const POLICY_START = '<!-- policy:start (generated from api/auth/policy.ts: npx tsx api/auth/policy-doc.ts) -->'
export const POLICY_END = '<!-- policy:end -->'
