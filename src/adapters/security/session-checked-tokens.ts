import type { Tokens } from '../../application/ports/tokens.js';
import { Unauthenticated } from '../../domain/errors.js';
import type { EndedSessions } from './ended-sessions.js';

/**
 * Access tokens whose session must not have ended. Tokens issued before sessions existed name
 * none and stay valid until they expire (they cannot be revoked).
 */
export function sessionCheckedTokens(tokens: Tokens, ended: Pick<EndedSessions, 'isEnded'>): Tokens {
  return {
    issue: (claims, at) => tokens.issue(claims, at),
    async verify(token) {
      const claims = await tokens.verify(token);
      if (claims.sessionId !== undefined && (await ended.isEnded(claims.sessionId))) throw new Unauthenticated();
      return claims;
    },
  };
}
