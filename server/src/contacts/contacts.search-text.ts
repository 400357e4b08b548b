/** The fields that contact search looks at. */
export interface SearchableContact {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  company: string | null;
}

/**
 * The one definition of Contact.searchText: lower-cased name, email, company and phone,
 * plus the phone's bare digits so "5550100" finds "+1 (555) 0100". A trigram index
 * on this column serves case-insensitive substring search.
 */
export function contactSearchText(contact: SearchableContact): string {
  const digits = contact.phone?.replace(/\D/g, '');
  const parts = [contact.firstName, contact.lastName, contact.email, contact.company, contact.phone];
  if (digits && digits !== contact.phone) parts.push(digits);
  return parts.filter(Boolean).join(' ').toLowerCase();
}

/** Normalises a search term the way searchText is stored. */
export function searchTerm(q: string): string {
  return q.trim().toLowerCase();
}
