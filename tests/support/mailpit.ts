import { requireService } from './ci.js';

/** Mailpit (a real SMTP server with an HTTP API), from MAILPIT_SMTP_URL and MAILPIT_API_URL. Required in CI. */
export const MAILPIT_SMTP_URL = process.env['MAILPIT_SMTP_URL']?.trim() || null;
export const MAILPIT_API_URL = process.env['MAILPIT_API_URL']?.trim().replace(/\/+$/, '') || null;
export const mailpitAvailable = requireService({
  name: 'MAILPIT_SMTP_URL and MAILPIT_API_URL (Mailpit)',
  available: MAILPIT_SMTP_URL !== null && MAILPIT_API_URL !== null,
  hint: 'scripts/test-services.sh start (or start-mailpit) prints them',
  skips: 'email suites on Mailpit',
});

type Address = { Name: string; Address: string };
/** A message as Mailpit's API lists it. */
export type MailpitSummary = { ID: string; MessageID: string; From: Address; To: Address[]; Cc: Address[] | null; Bcc: Address[] | null; Subject: string; Created: string };
/** A message with its parts. */
export type MailpitMessage = MailpitSummary & { Text: string; HTML: string };

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${MAILPIT_API_URL}/api/v1${path}`);
  if (!res.ok) throw new Error(`Mailpit ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every message Mailpit received for `address` (tests use addresses of their own), newest first. */
export async function messagesTo(address: string): Promise<MailpitSummary[]> {
  const found = await api<{ messages: MailpitSummary[] }>(`/search?limit=1000&query=${encodeURIComponent(`to:"${address}"`)}`);
  // The search matches substrings; keep exact recipients only.
  return found.messages.filter((m) => [...m.To, ...(m.Cc ?? []), ...(m.Bcc ?? [])].some((to) => to.Address.toLowerCase() === address.toLowerCase()));
}

export const mailpitMessage = (id: string) => api<MailpitMessage>(`/message/${id}`);
export const mailpitHeaders = (id: string) => api<Record<string, string[]>>(`/message/${id}/headers`);

/** Polls until `address` has at least `count` messages, for at most `ms`; then returns them all. */
export async function waitForMessages(address: string, count: number, ms = 20_000): Promise<MailpitSummary[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await messagesTo(address);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${count} message(s) to ${address}; got ${found.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
