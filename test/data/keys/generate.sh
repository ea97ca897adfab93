#!/usr/bin/env bash
# Regenerates the TEST-ONLY keys of this folder with OpenSSL and OpenSSH (never the library).
# These keys are public (committed) and worthless: never use them for real data.
# Usage: cd test/data/keys && ./generate.sh
set -euo pipefail
PASS='test-only-passphrase'

jwk() { # $1 = PEM private key, $2 = private|public: JWK built from `openssl rsa -text` (independent of Node)
  openssl rsa -in "$1" -noout -text 2>/dev/null | python3 -c '
import sys, re, base64, json
text = sys.stdin.read()
fields = {}
cur = None
for line in text.splitlines():
    m = re.match(r"^(\w+):\s*(.*)$", line)
    if m:
        cur = m.group(1); rest = m.group(2)
        fields[cur] = rest if rest else ""
    elif cur:
        fields[cur] += line.strip()
def num(name):
    v = fields[name]
    m = re.match(r"^(\d+)", v)
    if m and ":" not in v: return int(m.group(1))
    return int(v.replace(":", ""), 16)
def b64(n):
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
out = {"kty": "RSA", "n": b64(num("modulus")), "e": b64(num("publicExponent"))}
if sys.argv[1] == "private":
    for k, f in [("d", "privateExponent"), ("p", "prime1"), ("q", "prime2"), ("dp", "exponent1"), ("dq", "exponent2"), ("qi", "coefficient")]:
        out[k] = b64(num(f))
print(json.dumps(out, indent=2))
' "$2"
}

rsa_set() { # $1 = name, $2 = bits
  local n=$1 bits=$2
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$bits" -out "$n.pkcs8.pem" 2>/dev/null
  openssl rsa -in "$n.pkcs8.pem" -pubout -out "$n.spki.pem" 2>/dev/null
  ssh-keygen -y -f "$n.pkcs8.pem" | sed "s/\$/ $n@ent-pronote-tests/" > "$n.openssh.pub"
  ssh-keygen -l -E sha256 -f "$n.openssh.pub" | awk '{print $2}' > "$n.fingerprint.txt"
}

chmod 600 *.pem 2>/dev/null || true

rsa_set rsa2048 2048
n=rsa2048
openssl rsa -in $n.pkcs8.pem -traditional -out $n.pkcs1.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in $n.pkcs8.pem -outform DER -out $n.pkcs8.der
openssl rsa -in $n.pkcs8.pem -traditional -outform DER -out $n.pkcs1.der 2>/dev/null
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:$PASS -in $n.pkcs8.pem -out $n.pkcs8-encrypted.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:$PASS -in $n.pkcs8.pem -outform DER -out $n.pkcs8-encrypted.der
openssl rsa -in $n.pkcs8.pem -traditional -aes128 -passout pass:$PASS -out $n.pkcs1-encrypted.pem 2>/dev/null
jwk $n.pkcs8.pem private > $n.private.jwk.json
jwk $n.pkcs8.pem public > $n.public.jwk.json
openssl rsa -in $n.pkcs8.pem -pubout -outform DER -out $n.spki.der 2>/dev/null
openssl rsa -in $n.pkcs8.pem -RSAPublicKey_out -out $n.pkcs1-public.pem 2>/dev/null
openssl req -x509 -new -key $n.pkcs8.pem -subj "/CN=ent-pronote test key (test only)" -days 36500 -out $n.cert.pem 2>/dev/null
openssl x509 -in $n.cert.pem -outform DER -out $n.cert.der
ssh-keygen -e -m RFC4716 -f $n.openssh.pub > $n.ssh2.pub
# The PuTTY / Index-Education shape: several headers, a value continued with "\", CRLF line ends,
# base64 wrapped at 64 columns.
{
  printf -- '---- BEGIN SSH2 PUBLIC KEY ----\r\n'
  printf 'Comment: "rsa-key-20260901 test only, a long comment that is continued on the\\\r\n'
  printf ' next line as RFC 4716 allows"\r\n'
  printf 'x-Test-Header: test only\r\n'
  ssh-keygen -e -m RFC4716 -f $n.openssh.pub | grep -v -e '^----' -e ':' -e '^ ' -e '\\$' | tr -d '\n' | fold -w 64 | sed 's/$/\r/'
  printf '\n---- END SSH2 PUBLIC KEY ----\r\n'
} > $n.putty.pub
# OpenSSH's own private key format (refused with a conversion hint)
cp $n.pkcs8.pem $n.openssh-private.key && chmod 600 $n.openssh-private.key
ssh-keygen -p -q -N '' -P '' -f $n.openssh-private.key >/dev/null

rsa_set rsa2048b 2048
openssl req -x509 -new -key rsa2048b.pkcs8.pem -subj "/CN=ent-pronote test key b (test only)" -days 36500 -out rsa2048b.cert.pem 2>/dev/null
rsa_set rsa3072 3072
rsa_set rsa4096 4096
rsa_set rsa1024 1024

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-p256.pkcs8.pem 2>/dev/null
openssl pkey -in ec-p256.pkcs8.pem -pubout -out ec-p256.spki.pem
ssh-keygen -y -f ec-p256.pkcs8.pem > ec-p256.openssh.pub
openssl genpkey -algorithm ED25519 -out ed25519.pkcs8.pem
rm -f ed25519.openssh ed25519.openssh.pub
ssh-keygen -q -t ed25519 -N '' -C 'ed25519@ent-pronote-tests' -f ed25519.openssh
rm -f ed25519.openssh
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsa-pss.pkcs8.pem 2>/dev/null
openssl pkey -in rsa-pss.pkcs8.pem -pubout -out rsa-pss.spki.pem
chmod 644 ./*
chmod 755 generate.sh
