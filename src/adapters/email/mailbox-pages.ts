import Router from '@koa/router';
import { html, page } from '../http/pages/html.js';
import type { LocalMailbox, MailboxMessage } from './local-mailbox.js';

export const MAILBOX_PATH = '/mailbox';

function shown(m: MailboxMessage) {
  // The HTML part in a sandboxed frame: it runs no script, whatever it holds, and links open outside it.
  return html`<article class="card" data-testid="message" style="margin:1rem 0">
<p><strong data-testid="subject">${m.subject}</strong><br>
To: <span data-testid="to">${m.to}</span> · <time datetime="${m.createdAt.toISOString()}">${m.createdAt.toISOString()}</time></p>
<iframe title="${m.subject}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${m.html}" style="width:100%;height:420px;border:1px solid #d8dce5;border-radius:8px"></iframe>
<details><summary>Text part</summary><pre data-testid="text" style="white-space:pre-wrap">${m.text}</pre></details>
</article>`;
}

/**
 * The embedded mode's mailbox: `GET /mailbox`, every message newest first with its HTML and text
 * parts, and `GET /mailbox/messages`, the same as JSON. Only ever mounted in the embedded mode
 * (in-memory storage and the local checkout): it shows password-reset links to whoever asks.
 */
export function mailboxRouter(mailbox: LocalMailbox): Router {
  const router = new Router({ prefix: MAILBOX_PATH });

  router.get('/', (ctx) => {
    const messages = mailbox.list();
    ctx.type = 'html';
    ctx.body = page('Mailbox', html`<style>body { max-width: 60rem }</style>
<p class="banner">Local mailbox of the embedded mode: these messages were not sent anywhere.</p>
<h1>Mailbox</h1>
<p>${messages.length === 0 ? 'No messages yet. Pay an order to see its confirmation here.' : `${messages.length} message(s), newest first.`}
<a href="${MAILBOX_PATH}/messages">As JSON</a></p>
${messages.map(shown)}`);
  });

  router.get('/messages', (ctx) => {
    ctx.body = mailbox.list().map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
  });

  return router;
}
