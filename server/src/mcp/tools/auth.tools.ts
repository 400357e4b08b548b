import { z } from 'zod';
import type { AuthService } from '../../auth/auth.service.js';
import { SessionOutput, SignInInput, SignUpInput, SignUpOutput } from '../../auth/auth.schemas.js';
import { firstPartyPrincipal, type Principal } from '../../common/auth/principal.js';
import { CREATES, publicTool, type ToolCallContext, type ToolDefinition } from '../tool-definition.js';

// The refresh token stays out: a model has no use for it, and it would linger in chat logs.
const AuthToolOutput = SessionOutput.omit({ refreshToken: true }).extend({
  user: SessionOutput.shape.user.describe('The signed-in user.'),
  tenant: SessionOutput.shape.tenant.describe('The company workspace the token is scoped to.'),
  sessionSignedIn: z.boolean().describe('True when this MCP session now acts as this user without a header.'),
  instructions: z.string().describe('How to use the access token from here on.'),
});
type AuthToolOutput = z.input<typeof AuthToolOutput>;

export function authTools(auth: AuthService): ToolDefinition[] {
  return [
    publicTool({
      name: 'auth_sign_in',
      title: 'Sign in',
      description:
        'Sign in with email and password. Returns an access token; in a stateful MCP session the session is signed in too, ' +
        'so later CRM tool calls work without a header. Use only when the CRM tools report that authentication is needed.',
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
  const { refreshToken: _omitted, ...rest } = session;
  const principal: Principal = firstPartyPrincipal(session.user.id, session.tenant.id, session.role);
  const bound = context.bindPrincipal?.(principal) ?? false;
  const header = 'send the header "Authorization: Bearer <accessToken>"';
  const instructions = bound
    ? `Signed in: further calls in this MCP session act as ${session.user.email}. Other clients must ${header}; ` +
      `it expires in ${session.expiresIn} seconds.`
    : context.bindPrincipal
      ? `Signed in, but this MCP session already belongs to another user, so it was not switched. Start a new session, or ${header}.`
      : `Signed in. This server keeps no sessions: configure your MCP client to ${header} ` +
        `(Gemini CLI: mcpServers.<name>.headers in settings.json) and reconnect. It expires in ${session.expiresIn} seconds.`;
  return { ...rest, sessionSignedIn: bound, instructions };
}
