const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Raw HTML that `html` inserts as is. Only for markup this codebase wrote itself. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const render = (value: unknown): string =>
  value instanceof SafeHtml ? value.value
  : Array.isArray(value) ? value.map(render).join('')
  : String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Tagged template that escapes every interpolated value unless it is `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #1d2330; }
  .card { border: 1px solid #d8dce5; border-radius: 12px; padding: 1.5rem; }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
  td { padding: .3rem 0; } td.num { text-align: right; }
  .total td { border-top: 1px solid #d8dce5; font-weight: 600; }
  .status { display: inline-block; padding: .1rem .6rem; border-radius: 99px; background: #eef1f6; }
  .status-completed { background: #dff5e3; } .status-failed, .status-expired { background: #fde2e1; }
  button { font: inherit; padding: .6rem 1.4rem; border-radius: 8px; border: 0; cursor: pointer; }
  .pay { background: #4b5bdc; color: #fff; } .cancel { background: #eef1f6; }
  .banner { background: #fff4d6; border-radius: 8px; padding: .5rem .8rem; font-size: .9rem; }
  form { display: inline; }
  fieldset { border: 1px solid #d8dce5; border-radius: 8px; margin: 1rem 0; display: grid; gap: .3rem; }
  label.choice { display: block; } input:not([type=radio]), select { font: inherit; padding: .35rem; }
  .error { color: #a4161a; font-size: .9rem; } .notice { background: #fde2e1; border-radius: 8px; padding: .5rem .8rem; }
  .decline, .expire { background: #eef1f6; }
</style>
</head>
<body><main class="card">${body}</main></body>
</html>`.value;
}
