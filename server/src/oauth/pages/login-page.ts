import { esc, hiddenFields, layout, message } from './html.js';

export interface LoginPageInput {
  clientName: string;
  ticket: string;
  csrf: string;
  email?: string;
  error?: string;
  notice?: string;
}

export function loginPage(input: LoginPageInput): string {
  const signUpHref = `/api/oauth/sign-up?ticket=${encodeURIComponent(input.ticket)}`;
  return layout('Sign in', `
<h1>Sign in to connect ${esc(input.clientName)}</h1>
<p>${esc(input.clientName)} wants to use your Synapse CRM. Sign in first; you will then see what it asks for.</p>
${message(input.error)}${message(input.notice, 'notice')}
<form method="post" action="/api/oauth/authorize/login">
${hiddenFields({ ticket: input.ticket, csrf: input.csrf })}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${esc(input.email ?? '')}"${input.email ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${input.email ? ' autofocus' : ''}>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
<p class="muted">No account yet? <a href="${esc(signUpHref)}">Create an account</a>.</p>
`);
}
