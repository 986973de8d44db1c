import type { User } from '../../domain/user.js';
import type { Tokens } from '../ports/tokens.js';

export type PublicUser = Readonly<{ id: string; name: string; email: string; role: User['role']; createdAt: Date }>;
export type AuthSession = Readonly<{ accessToken: string; expiresInSeconds: number; user: PublicUser }>;

export function publicUser(user: User): PublicUser {
  return { id: user.id, name: user.name, email: user.email, role: user.role, createdAt: user.createdAt };
}

export async function startSession(tokens: Tokens, user: User): Promise<AuthSession> {
  const { token, expiresInSeconds } = await tokens.issue({ userId: user.id, role: user.role });
  return { accessToken: token, expiresInSeconds, user: publicUser(user) };
}
