/**
 * Secrets handed out once (integration API keys, hotline tokens) are stored only as their
 * SHA-256 (hex); a presented token is hashed the same way and looked up.
 */
import { createHash } from 'node:crypto';

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
