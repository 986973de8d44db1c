import type { Middleware } from 'koa';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../domain/user.js';
import { API_PREFIX } from '../endpoint.js';
import { HttpProblem } from '../errors.js';
import { html, page } from './html.js';

export const RESET_PAGE_PATH = '/account/reset';

/**
 * The page's own script and the API are all it loads or calls; without the script the form can't
 * be sent anywhere (`form-action 'none'`), so a password never ends up in a URL.
 */
export const RESET_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const BODY = page('Choose a new password', html`<h1>Choose a new password</h1>
<form id="reset" method="post" autocomplete="off">
<p><label>New password<br><input name="password" type="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}" maxlength="${PASSWORD_MAX_LENGTH}"></label></p>
<p><label>The same again<br><input name="confirm" type="password" autocomplete="new-password" required></label></p>
<p>At least ${PASSWORD_MIN_LENGTH} characters; a few words you will remember are best.</p>
<p><button class="pay" type="submit">Save the new password</button></p>
</form>
<p id="status" role="status"></p>
<script src="${RESET_PAGE_PATH}.js"></script>`);

// Reads the token, then takes it out of the address bar (and so out of the history); every text
// shown goes through textContent.
const SCRIPT = `(function () {
  var form = document.getElementById('reset');
  var status = document.getElementById('status');
  var token = new URLSearchParams(location.search).get('token');
  if (location.search) history.replaceState(null, '', location.pathname);
  function say(text) { status.textContent = text; }
  if (!token) { form.remove(); say('This link is incomplete. Ask for a new one.'); return; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var password = form.elements.password.value;
    if (password !== form.elements.confirm.value) { say('The two passwords differ.'); return; }
    var button = form.querySelector('button');
    button.disabled = true;
    say('Saving…');
    fetch('${API_PREFIX}/auth/password-reset/confirm', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: token, password: password })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) { return { status: res.status, body: body }; });
    }).then(function (r) {
      button.disabled = false;
      if (r.status === 200) { form.remove(); say('Your password has been changed and every other session signed out. Sign in with the new password.'); return; }
      if (r.body.code === 'INVALID_RESET_TOKEN') { form.remove(); say('This link has expired or was already used. Ask for a new one.'); return; }
      if (r.status === 429) { say('Too many attempts. Try again in a few minutes.'); return; }
      var detail = r.body.errors && r.body.errors.length ? r.body.errors[0].detail : r.body.detail;
      say(detail || 'That did not work. Try again.');
    }, function () { button.disabled = false; say('The shop could not be reached. Try again.'); });
  });
})();
`;

/**
 * GET /account/reset (the page a reset link opens, unless PASSWORD_RESET_URL points elsewhere) and
 * its script. A plain path check rather than a router: every request passes through here, and a
 * router's matching (with its allowed-methods middleware) cost GET /api/auth/profile about 4 % of
 * its CPU time (docs/performance.md, *S2 and the session check*).
 */
export function resetPage(): Middleware {
  return async (ctx, next) => {
    const script = ctx.path === `${RESET_PAGE_PATH}.js`;
    if (ctx.path !== RESET_PAGE_PATH && !script) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      throw new HttpProblem('METHOD_NOT_ALLOWED', 'This method is not allowed on this resource.');
    }
    ctx.set('Content-Security-Policy', RESET_PAGE_CSP);
    if (script) {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'application/javascript; charset=utf-8';
      ctx.body = SCRIPT;
    } else {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = BODY;
    }
  };
}
