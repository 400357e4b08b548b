import { z } from 'zod';
import type { AuthService } from '../../auth/auth.service.js';
import { SessionOutput, SignInInput, SignUpInput, SignUpOutput } from '../../auth/auth.schemas.js';
import { firstPartyPrincipal, type Principal } from '../../common/auth/principal.js';
import { CREATES, publicTool, type ToolCallContext, type ToolDefinition } from '../tool-definition.js';

// No token reaches the model: it has no use for one, and it would linger in chat logs. These
// tools exist only over stdio (a local process of the user's own), where signing in binds the process.
const AuthToolOutput = SessionOutput.omit({ accessToken: true, tokenType: true, expiresIn: true, refreshToken: true }).extend({
  user: SessionOutput.shape.user.describe('The signed-in user.'),
  tenant: SessionOutput.shape.tenant.describe('The company workspace the token is scoped to.'),
  sessionSignedIn: z.boolean().describe('True when this MCP server process now acts as this user.'),
  instructions: z.string().describe('What happens from here on.'),
});
type AuthToolOutput = z.input<typeof AuthToolOutput>;

export function authTools(auth: AuthService): ToolDefinition[] {
  return [
    publicTool({
      name: 'auth_sign_in',
      title: 'Sign in',
      description:
        'Sign in with email and password: this local MCP server process then acts as that user. ' +
        'Use only when the CRM tools report that authentication is needed.',
      input: SignInInput,
      output: AuthToolOutput,
      annotations: { ...CREATES, idempotentHint: true },
      handler: async (_principal, input, context) => withBinding(await auth.signIn(input, context.clientKey), context),
    }),
    publicTool({
      name: 'auth_sign_up',
      title: 'Sign up',
      description:
        'Create a new user together with a new company workspace (tenant), or join a workspace with an invitation. ' +
        'The answer is the same whether or not the email already had an account: next, call auth_sign_in with the same email and password.',
      input: SignUpInput,
      output: SignUpOutput,
      annotations: CREATES,
      handler: (_principal, input) => auth.signUp(input),
    }),
  ];
}

function withBinding(session: SessionOutput, context: ToolCallContext): AuthToolOutput {
  const { accessToken: _token, tokenType: _type, expiresIn: _expiry, refreshToken: _refresh, ...rest } = session;
  const principal: Principal = firstPartyPrincipal(session.user.id, session.tenant.id, session.role);
  const bound = context.bindPrincipal?.(principal) ?? false;
  const instructions = bound
    ? `Signed in: further calls to this MCP server act as ${session.user.email} until the process ends.`
    : 'Signed in, but this MCP server could not be switched to that user. Configure an API key for it instead.';
  return { ...rest, sessionSignedIn: bound, instructions };
}
