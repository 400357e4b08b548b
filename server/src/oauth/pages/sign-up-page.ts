import { esc, hiddenFields, layout, message } from './html.js';

export interface SignUpPageInput {
  clientName: string;
  ticket: string;
  csrf: string;
  values?: { email?: string; name?: string; company?: string };
  error?: string;
}

export function signUpPage(input: SignUpPageInput): string {
  const values = input.values ?? {};
  return layout('Create an account', `
<h1>Create your Synapse CRM account</h1>
<p>Then sign in to connect ${esc(input.clientName)}.</p>
${message(input.error)}
<form method="post" action="/api/oauth/sign-up">
${hiddenFields({ ticket: input.ticket, csrf: input.csrf })}
<label for="name">Your name</label>
<input id="name" name="name" type="text" autocomplete="name" required maxlength="200" value="${esc(values.name ?? '')}" autofocus>
<label for="company">Company (your workspace)</label>
<input id="company" name="company" type="text" autocomplete="organization" required maxlength="200" value="${esc(values.company ?? '')}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${esc(values.email ?? '')}">
<label for="password">Password (at least 10 characters)</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="256">
<div class="actions"><button type="submit">Create account</button></div>
</form>
`);
}
