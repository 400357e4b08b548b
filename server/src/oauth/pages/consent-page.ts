import type { Scope } from '../../common/auth/principal.js';
import { SCOPE_DESCRIPTIONS } from '../oauth-scopes.js';
import { esc, hiddenFields, layout } from './html.js';

export interface ConsentPageInput {
  clientName: string;
  redirectUri: string;
  scopes: readonly Scope[];
  userEmail: string;
  workspaces: readonly { tenantId: string; name: string; role: string }[];
  ticket: string;
  csrf: string;
}

export function consentPage(input: ConsentPageInput): string {
  const [only] = input.workspaces;
  const workspaceChoice =
    input.workspaces.length === 1 && only
      ? `<dt>Workspace</dt><dd>${esc(only.name)}</dd>`
      : '';
  const workspaceFieldset =
    input.workspaces.length > 1
      ? `<fieldset><legend>Workspace to connect</legend>
${input.workspaces
  .map((workspace, index) => `<label><input type="radio" name="tenantId" value="${esc(workspace.tenantId)}"${index === 0 ? ' checked' : ''} required> ${esc(workspace.name)} <span class="muted">(${esc(workspace.role.toLowerCase())})</span></label>`)
  .join('\n')}
</fieldset>`
      : hiddenFields({ tenantId: only?.tenantId ?? '' });
  return layout('Allow access', `
<h1>Allow ${esc(input.clientName)} to use your CRM?</h1>
<dl>
<dt>Application</dt><dd>${esc(input.clientName)}</dd>
<dt>Returns you to</dt><dd>${esc(new URL(input.redirectUri).host)}</dd>
<dt>Signed in as</dt><dd>${esc(input.userEmail)}</dd>
${workspaceChoice}
</dl>
<h2>It will be able to</h2>
<ul>
${input.scopes.map((scope) => `<li>${esc(SCOPE_DESCRIPTIONS[scope])}</li>`).join('\n')}
</ul>
<form method="post" action="/api/oauth/authorize/consent">
${hiddenFields({ ticket: input.ticket, csrf: input.csrf })}
${workspaceFieldset}
<p class="muted">You can disconnect it at any time under Connected apps.</p>
<div class="actions">
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</div>
</form>
`);
}
