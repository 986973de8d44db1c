/**
 * Whether this run is CI: any non-empty `CI` other than `false` or `0`. CI systems set `true`,
 * `1` or their own name; comparing with `'true'` alone let `CI=1` skip every real-service suite.
 */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['CI']?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export type Service = Readonly<{
  /** What is missing, as the person fixing it would look for it: `STRIPE_MOCK_URL (stripe-mock)`. */
  name: string;
  available: boolean;
  /** How to provide it, e.g. `scripts/test-services.sh start prints it`. */
  hint: string;
  /** What does not run without it, for the local `[skip]` line. */
  skips: string;
}>;

const announced = new Set<string>();

/**
 * A real service some suites need. Present: `true`. Missing: under CI, throws an error naming it
 * (a missing service must never pass as green); elsewhere prints one `[skip]` line per service
 * and process and returns `false`, so the suites that need it skip.
 */
export function requireService(service: Service, env: NodeJS.ProcessEnv = process.env): boolean {
  if (service.available) return true;
  if (isCI(env)) throw new Error(`${service.name} is required in CI (CI=${env['CI']}) but is missing: ${service.hint}.`);
  if (!announced.has(service.name)) {
    announced.add(service.name);
    console.warn(`[skip] ${service.skips}: ${service.name} is missing (${service.hint}).`);
  }
  return false;
}
