import { mcpResourceUrl, publicBaseUrl } from './public-url.js';

const dev = { PORT: 3001 };

test('echoes the loopback name and port the client used', () => {
  expect(mcpResourceUrl(dev, 'localhost:3001')).toBe('http://localhost:3001/api/mcp');
  expect(mcpResourceUrl(dev, '127.0.0.1:4000')).toBe('http://127.0.0.1:4000/api/mcp');
  expect(mcpResourceUrl(dev, '[::1]:3001')).toBe('http://[::1]:3001/api/mcp');
});

test('never echoes a non-loopback Host header', () => {
  expect(publicBaseUrl(dev, 'evil.example.com')).toBe('http://localhost:3001');
  expect(publicBaseUrl(dev, 'localhost.evil.com:3001')).toBe('http://localhost:3001');
  expect(publicBaseUrl(dev, undefined)).toBe('http://localhost:3001');
});

test('PUBLIC_URL wins over any Host header', () => {
  const config = { PORT: 3001, PUBLIC_URL: 'https://crm.example.com' };
  expect(mcpResourceUrl(config, 'localhost:3001')).toBe('https://crm.example.com/api/mcp');
});
