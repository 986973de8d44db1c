import type { Tokens } from '../../application/ports/tokens.js';
import { Unauthenticated } from '../../domain/errors.js';
import type { EndedSessions } from './ended-sessions.js';

/**
 * Access tokens whose session must not have ended. Tokens issued before sessions existed name
 * none and stay valid until they expire (they cannot be revoked).
 */
export function sessionCheckedTokens(tokens: Tokens, ended: Pick<EndedSessions, 'isEnded'>): Tokens {
  // No async function and no await on the (usual) synchronous answer: this runs on every
  // authenticated request, and each promise it saves is measurable there (docs/performance.md).
  const refuse = (): never => {
    throw new Unauthenticated();
  };
  return {
    issue: (claims, at) => tokens.issue(claims, at),
    verify: (token) => tokens.verify(token).then((claims) => {
      if (claims.sessionId === undefined) return claims;
      const answer = ended.isEnded(claims.sessionId);
      if (answer === false) return claims;
      if (answer === true) return refuse();
      return answer.then((yes) => (yes ? refuse() : claims));
    }),
  };
}
