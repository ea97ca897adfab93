/**
 * `ent-pronote/cas`: single sign-on with PRONOTE. The CAS user and attributes PRONOTE reads
 * for an ENT account ({@link pronoteProfile}), the CAS protocol's answers built and read in the
 * three layouts ENTs send today (CAS 1.0, 2.0, 3.0 XML and JSON, SAML 1.1), what PRONOTE does
 * at a user's first connection ({@link recognizeCasUser}), the Apereo CAS service definition of
 * a PRONOTE service, and the PRONOTE identifier an ENT stores on each account (mode 2).
 *
 * See `docs/sso.md` for the three modes and the three layouts.
 *
 * @packageDocumentation
 */

export { CAS_FAILURE_CODES, CAS_NAMESPACE } from './types';
export type { CasFailureCode, CasIdentity, CasProxyResult, CasValidation, CasValidationFailure, CasValidationSuccess } from './types';
export {
  APEREO_PRESET,
  CAS_PRESETS,
  DEFAULT_CAS_ATTRIBUTE_NAMES,
  ENTCORE_PRESET,
  LACLASSE_PRESET,
  NATIONAL_CATEGORIES,
  NATIONAL_CATEGORIES_WITH_STAFF_KINDS,
  STAFF_KINDS,
  categoryOf,
  populationsOfCategories,
  pronoteProfile,
} from './profile';
export type { CasAccountLike, CasAttributeNames, CasPreset, CasProfile, CasUserSource, CategoryTable, PronoteProfileOptions, StaffKind } from './profile';
export { CAS_FORMATS, CAS_LAYOUTS, CAS_VERSIONS, buildCasValidationResponse, parseCasValidationResponse } from './service-validate';
export type { BuildCasValidationOptions, CasFormat, CasLayout, CasVersion, ParseCasOptions } from './service-validate';
export { buildCas10ValidateResponse, buildCasProxyResponse, parseCas10ValidateResponse, parseCasProxyResponse } from './proxy';
export type { BuildCasProxyOptions } from './proxy';
export {
  CAS_SAML_ATTRIBUTE_NAMESPACE,
  SAML_NAMESPACE,
  SAMLP_NAMESPACE,
  SOAP_ENVELOPE_NAMESPACE,
  buildSamlValidateRequest,
  buildSamlValidateResponse,
  parseSamlValidateRequest,
  parseSamlValidateResponse,
} from './saml';
export type { SamlValidateRequestOptions, SamlValidateResponseOptions } from './saml';
export { RECOGNITION_MODES, recognizeCasUser } from './recognize';
export type { PronotePersonRef, Recognition, RecognitionCandidate, RecognitionMode, RecognitionReason, RecognitionStatus, RecognizeOptions } from './recognize';
export { apereoServiceDefinition, escapeJavaRegex } from './apereo';
export type { ApereoServiceOptions, ApereoUsername } from './apereo';
export { idpnToStore } from './store';
export type { IdpnRecord } from './store';
