import pino, { type Logger } from 'pino';

/** Never logged, wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.access_token',
  '*.token',
  '*.secret',
  '*.card',
  // Shipping addresses are personal data: never in a log, at whatever depth an order or a Stripe object lands.
  ...['shippingAddress', 'address', 'shipping_details', 'collected_information', 'customer_details'].flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

export function createLogger(options: { level: string; pretty: boolean; destination?: pino.DestinationStream }): Logger {
  const base = { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  return options.pretty
    ? pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } })
    : pino(base);
}
