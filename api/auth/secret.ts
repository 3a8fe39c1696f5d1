/** Random bearer secrets (session cookies, API tokens) and the hash under which they are stored. */
import { createHash, randomBytes } from 'node:crypto'

/** A new random secret, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url')

/** The stored form of a secret: a leaked table does not give working credentials. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** A readable random password for a first start without ADMIN_PASSWORD. */
export const newPassword = (): string => randomBytes(12).toString('base64url')
