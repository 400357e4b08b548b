import { esc, layout } from './html.js';

/** A problem we show rather than redirect: the redirect target is unknown or untrusted. */
export function errorPage(text: string): string {
  return layout('Cannot connect', `
<h1>This connection cannot continue</h1>
<p class="error" role="alert">${esc(text)}</p>
<p class="muted">You can close this page.</p>
`);
}
