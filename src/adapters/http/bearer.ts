/**
 * The credentials of `Authorization: Bearer <credentials>`, or `null` for any other header. The
 * scheme is case-insensitive (RFC 9110 §11.1: `bearer`, `BEARER` and `Bearer` are one scheme).
 */
export function bearerToken(authorization: string): string | null {
  return /^bearer +(\S+)$/i.exec(authorization)?.[1] ?? null;
}
