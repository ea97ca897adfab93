#!/usr/bin/env bash
# Conformance of what the library produces with the vendor's own schemas in ../shared, checked
# with libxml2's xmllint (a validator independent of the project). Skipped when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="../shared/reference/xsd"
if [ ! -d "$SHARED" ]; then
  echo "conformance: $SHARED not found, skipped"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A generated world (two schools, sealed exports) and the demo keys' public part.
node dist/cli.js keygen --out "$work/keys" >/dev/null
node dist/cli.js fixtures --students 400 --schools 2 --seed conformance --out "$work/world" \
  --index-education-public-key "$work/keys/public.pem" --ent-name FIXTURES --ent-public-key "$work/keys/public.pem" >/dev/null

mapfile -t plain < <(find "$work/world" -name 'PARTENAIRE_INDEX.xml' | sort)
mapfile -t sealed < <(find "$work/world" -path '*/sealed/ImportChiffre_*.xml' | sort)
[ "${#plain[@]}" -gt 0 ] && [ "${#sealed[@]}" -gt 0 ] || { echo "conformance: no generated documents"; exit 1; }

# Documents built from every input kind through the CLI, and the sample golden document.
uai="$(basename "$(dirname "${plain[0]}")")"
node dist/cli.js export --accounts "$work/world/ent/comptes-ent.csv" --public-key "$work/keys/public.pem" \
  --ent-name CONFORMANCE --partenaire-id 42 --uai "$uai" --out "$work/from-csv.xml" >/dev/null
node dist/cli.js open --private-key "$work/keys/private.pem" "$work/from-csv.xml" --out "$work/from-csv.plain.xml" 2>/dev/null
sealed+=("$work/from-csv.xml")
plain+=("$work/from-csv.plain.xml" "test/data/partenaire-index/sample.xml")

echo "PARTENAIRE_INDEX against RapprochementSSO.xsd (vendor) and schema/partenaire-index.xsd (ours): ${#plain[@]} documents"
xmllint --noout --schema "$SHARED/RapprochementSSO.xsd" "${plain[@]}"
xmllint --noout --schema schema/partenaire-index.xsd "${plain[@]}"
echo "ImportChiffre against ConteneurImportChiffre.xsd (vendor): ${#sealed[@]} envelopes"
xmllint --noout --schema "$SHARED/ConteneurImportChiffre.xsd" "${sealed[@]}"

mapfile -t idpn < <(find "$work/world/pronote" -name 'IdPN_To_*.xml' -not -path '*/sealed/*' | sort)
echo "IDENTIFIANTS_PRONOTE against schema/identifiants-pronote.xsd (ours): ${#idpn[@]} documents"
xmllint --noout --schema schema/identifiants-pronote.xsd "${idpn[@]}"
echo "conformance: ok"
