import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Served from the installed swagger-ui-dist package: no CDN, so the docs work offline.
const distDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The only files /docs/assets serves; anything else is a 404. */
export const SWAGGER_UI_FILES: Record<string, { path: string; type: string }> = {
  'swagger-ui.css': { path: join(distDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { path: join(distDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { path: join(distDir, 'favicon-32x32.png'), type: 'image/png' },
};

/** The page loads scripts by URL only (no inline script), so a strict Content-Security-Policy allows it. */
export function swaggerUiPage(assetsUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Synapse CRM API</title>
<link rel="stylesheet" href="${assetsUrl}/swagger-ui.css">
<link rel="icon" type="image/png" href="${assetsUrl}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${assetsUrl}/swagger-ui-bundle.js"></script>
<script src="${assetsUrl}/swagger-initializer.js"></script>
</body>
</html>
`;
}

export function swaggerUiInitializer(documentUrl: string): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(documentUrl)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
});
`;
}
