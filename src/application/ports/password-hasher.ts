export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * `true` when `password` matches `hash`. With `hash` null (no such account) it spends the
   * same time on a dummy hash and returns `false`, so timing does not reveal which emails exist.
   */
  verify(hash: string | null, password: string): Promise<boolean>;
}
