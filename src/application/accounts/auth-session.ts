import type { User } from '../../domain/user.js';

export type PublicUser = Readonly<{ id: string; name: string; email: string; role: User['role']; createdAt: Date }>;

/** A signed-in session as its holder gets it: an access token, the refresh token that renews it, and who it is. */
export type AuthSession = Readonly<{
  accessToken: string;
  expiresInSeconds: number;
  refreshToken: string;
  sessionId: string;
  user: PublicUser;
}>;

export function publicUser(user: User): PublicUser {
  return { id: user.id, name: user.name, email: user.email, role: user.role, createdAt: user.createdAt };
}
