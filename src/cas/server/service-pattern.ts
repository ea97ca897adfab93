/**
 * The registered service of the test CAS server: the PRONOTE URL pattern a service must match to
 * get a ticket (as a CAS server's service registry does).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../../errors';

/**
 * A registered service pattern:
 * - a `RegExp`, or a string starting with `^` (a regular expression, as Apereo's `serviceId`):
 *   it must match the whole service URL;
 * - a string ending with `**` (the integration guides' `https://…/pronote/**`): the service URL
 *   must start with what comes before the `**`;
 * - any other string: the service URL must be exactly that.
 */
export type ServicePattern = string | RegExp;

/** A compiled {@link ServicePattern}: tells whether a service URL is registered. */
export type ServiceMatcher = (service: string) => boolean;

/** Whether `value` is an absolute `http:`/`https:` URL without fragment nor credentials. */
export function isServiceUrl(value: string): boolean {
  if (value.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === '' && url.username === '' && url.password === '' && !value.includes('#');
}

function fullMatch(re: RegExp, value: string): boolean {
  const flags = re.flags.replace(/[gy]/g, '');
  const m = new RegExp(re.source, flags).exec(value);
  return m !== null && m.index === 0 && m[0].length === value.length;
}

/** Compiles a pattern (`ERR_ARGUMENT` naming `path` when it is not one). */
export function compileServicePattern(pattern: unknown, path: string): ServiceMatcher {
  if (pattern instanceof RegExp) return (s) => isServiceUrl(s) && fullMatch(pattern, s);
  if (typeof pattern !== 'string' || pattern === '') throw new EntPronoteError('ERR_ARGUMENT', `${path}: expected a service URL pattern (a string or a RegExp)`);
  if (pattern.startsWith('^')) {
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch {
      throw new EntPronoteError('ERR_ARGUMENT', `${path}: not a valid regular expression`);
    }
    return (s) => isServiceUrl(s) && fullMatch(re, s);
  }
  if (pattern.endsWith('**')) {
    const prefix = pattern.slice(0, -2);
    if (!isServiceUrl(prefix)) throw new EntPronoteError('ERR_ARGUMENT', `${path}: what comes before "**" must be an http(s) URL`);
    return (s) => isServiceUrl(s) && s.startsWith(prefix);
  }
  if (!isServiceUrl(pattern)) throw new EntPronoteError('ERR_ARGUMENT', `${path}: expected an http(s) URL, a URL followed by "**", or a regular expression starting with "^"`);
  return (s) => s === pattern;
}

/** A pattern that registers every http(s) service on a loopback host, any port. */
export const LOOPBACK_SERVICES: RegExp = /^https?:\/\/(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?\/.*$/;
