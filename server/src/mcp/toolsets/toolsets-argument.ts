/** `--toolsets contacts,deals` or `--toolsets=contacts,deals` among the stdio entry's arguments; wins over MCP_TOOLSETS. */
export function toolsetsArgument(argv: readonly string[]): string | undefined {
  for (const [index, argument] of argv.entries()) {
    if (argument.startsWith('--toolsets=')) return argument.slice('--toolsets='.length);
    if (argument === '--toolsets') return argv[index + 1] ?? '';
  }
  return undefined;
}
