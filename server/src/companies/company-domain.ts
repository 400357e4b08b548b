/**
 * The one definition of a company's domain: a bare host name, lower-cased, without scheme,
 * port, path, query or a leading "www.", internationalised names in their
 * ASCII (punycode) form. "https://www.Acme.com/about" and "acme.com." are both "acme.com",
 * so the per-workspace uniqueness compares what people mean, not how they typed it.
 * Returns undefined for anything that is not a domain name (an IP address, one label, bad characters).
 */
export function normalizeDomain(raw: string): string | undefined {
  const text = raw.trim();
  // An "@" is an email address or credentials in a URL: not a company's domain.
  if (!text || /[\s@]/.test(text)) return undefined;
  let host: string;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    host = url.hostname;
  } catch {
    return undefined;
  }
  host = host.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  return isDomainName(host) ? host : undefined;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A top-level domain is letters, or an internationalised one in punycode.
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function isDomainName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  return labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]!);
}

export const DOMAIN_HINT = 'must be a domain name such as "acme.com" (a URL such as "https://www.acme.com/about" is reduced to its domain)';
