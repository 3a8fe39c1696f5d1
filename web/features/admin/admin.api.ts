/** The admin pages' calls, on the typed client (types come from api/admin, never copied). */
import type { InferRequestType, InferResponseType } from 'hono/client'
import { api, fetchJson } from '../../api/client.ts'

const a = api.admin

export type AdminUser = InferResponseType<typeof a.users.$get, 200>['users'][number]
export type NewUser = InferRequestType<typeof a.users.$post>['json']
export type UserChange = InferRequestType<(typeof a.users)[':username']['$patch']>['json']
export type Group = InferResponseType<typeof a.groups.$get, 200>['groups'][number]
export type Category = InferResponseType<typeof a.categories.$get, 200>['categories'][number]
export type CalendarDay = InferResponseType<typeof a.calendar.$get, 200>['days'][number]
export type Rule = InferResponseType<(typeof a)['group-rules']['$get'], 200>['rules'][number]
export type LoopSettings = InferResponseType<(typeof a)['loop-settings']['$get'], 200>
export type Places = InferResponseType<typeof a.places.$get, 200>

export const listUsers = () => fetchJson(a.users.$get())
export const createUser = (json: NewUser) => fetchJson(a.users.$post({ json }))
export const updateUser = (username: string, json: UserChange) => fetchJson(a.users[':username'].$patch({ param: { username }, json }))
export const resetPassword = (username: string, password: string) =>
  fetchJson(a.users[':username'].password.$post({ param: { username }, json: { password } }))

export const listGroups = () => fetchJson(a.groups.$get())
export const createGroup = (json: Group) => fetchJson(a.groups.$post({ json }))
export const updateGroup = (code: string, json: Omit<Group, 'code'>) => fetchJson(a.groups[':code'].$patch({ param: { code }, json }))

export const listCategories = () => fetchJson(a.categories.$get())
export const updateCategory = (code: string, json: Pick<Category, 'time_limit_value' | 'time_limit_unit' | 'default_group_code'>) =>
  fetchJson(a.categories[':code'].$patch({ param: { code }, json }))

export const listDays = (year: number) => fetchJson(a.calendar.$get({ query: { year: String(year) } }))
export const setDay = (day: string, kind: CalendarDay['kind'], name: string) =>
  fetchJson(a.calendar[':day'].$put({ param: { day }, json: { kind, name } }))
export const deleteDay = (day: string) => fetchJson(a.calendar[':day'].$delete({ param: { day } }))

export const listRules = () => fetchJson(a['group-rules'].$get())
export const setRule = (json: Rule) => fetchJson(a['group-rules'].$put({ json }))
export const deleteRule = (category: string, community: string) =>
  fetchJson(a['group-rules'][':category'][':community'].$delete({ param: { category, community } }))

export const getSettings = () => fetchJson(a['loop-settings'].$get())
export const putSettings = (json: LoopSettings) => fetchJson(a['loop-settings'].$put({ json }))

export const getPlaces = () => fetchJson(a.places.$get())

// 督查测评 (issue 12): checklists per point class and the weekly assessment's settings
export type Checklist = InferResponseType<typeof api.checklists.$get, 200>[number]
export type ChecklistEdit = InferRequestType<(typeof a.checklists)[':class_code']['$put']>['json']
export type AssessmentSettings = InferResponseType<(typeof a)['assessment-settings']['$get'], 200>
export const listChecklists = () => fetchJson(api.checklists.$get({ query: {} }))
export const getChecklist = async (cls: string) => (await fetchJson(api.checklists.$get({ query: { class: cls } })))[0]
export const putChecklist = (class_code: string, json: ChecklistEdit) => fetchJson(a.checklists[':class_code'].$put({ param: { class_code }, json }))
export const getAssessmentSettings = () => fetchJson(a['assessment-settings'].$get())
export const putAssessmentSettings = (json: AssessmentSettings) => fetchJson(a['assessment-settings'].$put({ json }))

// 地名库 of the 12345 locator (issue 13): aliases and 门牌 ranges, and trying an address
const g = a.gazetteer
export type Gazetteer = InferResponseType<typeof g.$get, 200>
export type NewRange = InferRequestType<typeof g.ranges.$post>['json']
export const getGazetteer = () => fetchJson(g.$get())
export const setAlias = (alias: string, target: string) => fetchJson(g.aliases[':alias'].$put({ param: { alias }, json: { target } }))
export const deleteAlias = (alias: string) => fetchJson(g.aliases[':alias'].$delete({ param: { alias } }))
export const addRange = (json: NewRange) => fetchJson(g.ranges.$post({ json }))
export const deleteRange = (id: number) => fetchJson(g.ranges[':id'].$delete({ param: { id: String(id) } }))
export const tryAddress = (address: string) => fetchJson(g.locate.$post({ json: { address } }))
