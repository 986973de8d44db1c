import type { PaymentGateway } from '../application/ports/payment-gateway.js';
import type { Storage } from '../application/ports/storage.js';
import type { Config } from './config.js';

export type BannerFacts = Readonly<{
  config: Pick<Config, 'appUrl' | 'jwt' | 'rateLimits'>;
  storage: Pick<Storage, 'description' | 'durable'>;
  payments: Pick<PaymentGateway, 'description' | 'movesMoney'>;
  /** Where messages go (the mailbox, SMTP, nowhere), and why that needs attention if it does. */
  mail: Readonly<{ description: string; warning?: string | null }>;
  /** The embedded mode's demo admin, printed once. */
  demoAdmin: Readonly<{ email: string; password: string }> | null;
}>;

/** What `npm start` prints once listening: where things are, then every development shortcut in force. */
export function banner({ config, storage, payments, mail, demoAdmin }: BannerFacts): string {
  const lines = [
    '',
    `  Shop API listening on ${config.appUrl}/api`,
    `  storage:  ${storage.description}`,
    `  payments: ${payments.description}`,
    `  mail:     ${mail.description}`,
    `  docs:     ${config.appUrl}/api/docs`,
    `  health:   ${config.appUrl}/health/ready`,
  ];
  if (demoAdmin) lines.push(`  demo admin: ${demoAdmin.email} / ${demoAdmin.password}`);
  const warnings = [
    ...(storage.durable ? [] : ['WARNING: data lives in memory and is lost when the process stops.']),
    ...(payments.movesMoney ? [] : ['Payments use a local test checkout: no money moves. Not for production.']),
    ...(config.jwt.generated ? ['JWT_SECRET is not set: using a random secret; tokens die with this process.'] : []),
    ...(mail.warning ? [`${mail.warning}.`] : []),
    ...(config.rateLimits ? [] : ['RATE_LIMITS=off: no rate limits on logins, registrations or orders. Tests only; refused in production.']),
  ];
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `  ⚠  ${w}`));
  return `${lines.join('\n')}\n`;
}
