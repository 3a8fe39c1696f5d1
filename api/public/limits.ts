/** The public channel's limits and lists: one module the server and the /report page both read. */

/** Photos per report, and the size of one after the browser has downscaled it. */
export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 1024 * 1024
/** The whole multipart body: three photos and the fields. */
export const MAX_REPORT_BODY = MAX_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024
/** A description and a feedback note, in characters. */
export const MAX_DESCRIPTION = 500
export const MAX_NOTE = 300

/** Rate-limit windows and how many requests one key may make in one (docs/security.md). */
export const RATE = {
  windowSeconds: 600,
  reportsPerAddress: 20,
  reportsPerDevice: 5,
  challengesPerAddress: 60,
  lookupsPerAddress: 300,
} as const

/** Reports with the same sender, place and words within this many seconds fold into one. */
export const FOLD_SECONDS = 60
/** How long a proof-of-work challenge may be answered. */
export const CHALLENGE_SECONDS = 600

/** Why a report is not taken up (不予受理), as the moderator picks it and the reporter reads it. */
export const REJECT_REASONS = {
  not_a_problem: '经核实不属于需整改的问题',
  outside_duty: '不属于本街道职责范围，已告知相关部门',
  insufficient: '照片或位置信息不足，无法核实',
  already_fixed: '现场核实问题已不存在',
  abusive: '内容与城市管理无关或含不当信息',
} as const
export type RejectReason = keyof typeof REJECT_REASONS
export const REJECT_CODES = Object.keys(REJECT_REASONS) as [RejectReason, ...RejectReason[]]

/** What the reporter's timeline shows, in the closed loop's order. */
export const PUBLIC_STATUSES = ['pending', 'accepted', 'rejected', 'merged', 'assigned', 'rectified', 'closed'] as const
export type PublicStatus = (typeof PUBLIC_STATUSES)[number] | 'reopened'

/** Who moderates: inspectors, group leaders, leaders and admins (docs/security.md); the views offer 待审核 to the same roles. */
export const MODERATORS = ['admin', 'leader', 'group_leader', 'inspector'] as const
