/** Where Streamable HTTP is served, behind the global /api prefix. */
export const MCP_HTTP_PATH = '/api/mcp';
