// IANA timezone checks shared by configuration and the feed/digest commands.

let known: Map<string, string> | undefined;

/**
 * The IANA name with its usual capitalization ("asia/ho_chi_minh" → "Asia/Ho_Chi_Minh"), or undefined when
 * Intl does not know the zone. Not ICU's canonical form, which would turn Ho_Chi_Minh into the legacy Saigon.
 */
export function canonicalTimezone(name: string): string | undefined {
  // Offsets like "+07:00" are accepted by Intl but are not IANA zones and break DST-aware schedules.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return undefined;
  }
  known ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => [zone.toLowerCase(), zone]));
  // Node's ICU lists some current names only under their legacy alias (Asia/Saigon): capitalize those by hand.
  return known.get(name.toLowerCase()) ?? name.toLowerCase().replace(/(^|[/_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

export function timezoneProblem(name: string): string | undefined {
  return canonicalTimezone(name) ? undefined : `${name} is not an IANA timezone; use e.g. Europe/Paris, Asia/Ho_Chi_Minh or UTC`;
}
