/**
 * `ent-pronote/cas/server`: the two ends of the single sign-on with PRONOTE as test servers, for
 * test harnesses (they bind loopback by default and say they are for tests): a CAS server over
 * ENT accounts ({@link startCasTestServer}) and a PRONOTE stand-in that validates its tickets and
 * recognises users ({@link startPronoteStandIn}). Never for production.
 *
 * @packageDocumentation
 */

export { startCasTestServer } from './cas-server';
export type { CasTestServer, CasTestServerOptions } from './cas-server';
export type { CasTestAccountInfo, CasTestAccounts, PasswordOption, ProfileOptionsOf } from './directory';
export { LOOPBACK_SERVICES } from './service-pattern';
export type { ServicePattern } from './service-pattern';
export { STAND_IN_PROTOCOLS, startPronoteStandIn } from './pronote-stand-in';
export type { PronoteLogin, StandInPerson, PronoteStandIn, PronoteStandInOptions, StandInProtocol, StandInStatus, StandInSummary } from './pronote-stand-in';
