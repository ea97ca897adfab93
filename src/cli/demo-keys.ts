/**
 * ██ INSECURE TEST KEYS ██ — for `ent-pronote demo` and the examples ONLY.
 *
 * These two RSA 2048-bit private keys are PUBLIC: they are committed to the repository and
 * shipped in the package, so anyone can decrypt whatever is sealed with them. They exist so that
 * the demo is reproducible (same fingerprints, same files on every run) and fast (no key
 * generation). NEVER seal real data with them, never configure them in a real ENT or PRONOTE.
 * Everything that prints or writes them labels them "INSECURE TEST KEY".
 *
 * Generated once with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (PKCS#8).
 *
 * @internal
 * @module
 */

/** The label printed next to every use of these keys. */
export const INSECURE_TEST_KEY_LABEL = 'INSECURE TEST KEY';

/**
 * INSECURE TEST KEY standing in for Index-Education's key pair (the recipient of `ImportChiffre`
 * containers). PUBLIC: never use it for real data.
 */
export const DEMO_INDEX_EDUCATION_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDHyzhnm+0PAH+n
qivykedYg7ss/iQOeHqGLDveKtocAE6yEkbD5UIEMXOPxFTVPXcXAsXrXsjSFktl
3WjZzR4q2Y1lfIZ5JXvuo76owX9eT1vEzNWuyLSPLYpF5DyEngb9pFG5/7sMLZuo
RYPz0L1pUs3MAoRJtNxR5dXUdQxwV9Cgwz/zw0lmodoC327c+GYc7hgyCxXJeLfg
gIr/dQBqZnNpq256X8eVrT9GhZMUN36j47tIgrtaw/TJQ8+GK/LRAr963/QArnv7
mBwxH4yEt+BnrNe7RDnzsKdUGtEEH/udX5LcKy8Cjxi47653hGXVXYH3mvqun24o
Vhi8ZydbAgMBAAECggEADdrvzO5Dw3a8jjiKDAGGl8f+4CZkWA/j00/YUQELbMYF
Wb+pt6ZmQcXaJpNYx2GX/iOw7QXUNbmFE18w3mslQex3Vp01nXYg1jz1w7HeLtX1
s7v5akG8lRyf36vtxHafCSeZi/q059R2hyCsVL6vkVEZjiHIjGyl8L9YaP+QVBlW
AVUho0gkpFvqAWsz4BxHUiRfWdj5VLGvjmRuLc3ugypXQ9827QRwiHSdK811jgvI
dVUzqAtqnhxUh1d1EUrWU+Du31EpPWU/Gq7x/EGsmPvBEvNOLCvGTmNjEigvqh0y
Oo3uA0EPbHx3fEYDkpYqeIRsxCJ3v5fzSDJMzdD1FQKBgQD86ndsOJhHvjToargu
mU2lLv/NBYOX8Vbk/YM2VS9E+L+T787YSdpYdnEj5d49Gil+RnJFbmNxbvFRdWtc
HQi31toSrDYa5gCNHATnD+JiQy0jDF1jAWbaQVMP1Pcp8WPoe3TxJntS0c4wQl/I
LF7vYKbZTEEslT89ipA3tqiG7wKBgQDKOuvkrmdA1E06vsqyi4OBqLsSyXMGcsAv
NBCNoJsgPKV3+wzmKWwQo2F0V6vjPKl0zBcG32J/UXzj11pKkYVDERtsg47YWZkl
8AeBXg3xR/PwE9/3lgPgBVW1TQfbByhkcji1HRdS9tOhFRiw0GnjZItAdbHjsB3C
JkAXX0NGVQKBgQCOl05vOFU6lZVUt95Rf2MUTzQvDf3MK2fXQMq6VjqJQ0kXietv
a+vrVhOhrpamklp0dBk25e6w5GCvkWjPDRt+MmbOgkMa1TPYWsS01PLIfaE0EmOQ
TxkC0jOXSHV1M0AlsX0T/KMo5Vq/QJypycJYaYCIIILaNObrtnRqxNOtBwKBgGiR
BO5u24bi/7fzdV3S08HUXD6/mVFpPkRqGHES7YNCuJCMaEQOgQktYbPFrWRHNpvk
97cfBJAus3QgI1jRW+Wsz9BRSihGU/EQ5uCWoID1IoYt0K31jLVmLMYdOYWgcttV
UEsd6rSEWjM9dFHgwg/JKlO/R6cippCANL2hDWktAoGAWN09QZrr3nya9k3mpSxY
k4jrxr5CyapzFQ7XDBKFqxerKFITHQ8HpB615edqbiZ2hP9YPS47foYPG6oaFc+6
1nHT/sAt7qVVbKJDu5arg3QGvc7VkhkODJWQJ0D7nlbHYEUDz6fVvhscbsMA4zRd
UtaVgFd93hLPNQW316a+qYc=
-----END PRIVATE KEY-----
`;

/**
 * INSECURE TEST KEY standing in for the ENT partner's key pair (the recipient of the
 * `EXPORT_INDEX_EDUCATION` identifier file). PUBLIC: never use it for real data.
 */
export const DEMO_ENT_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDWJJwGbSDN7KX7
DvOJRxvlUb5A84rs9tqTo4QyQi5nbCsjeZi7isVo+6Cml1jXXInVAI0yxzNBr/N0
V6oNsXMy0+cFcera2Sq+MrOAsmxqzW4yfVzSUoy3KDGzj5OfYBMQ/DKUG7hwwy5z
MsNaACNbjVGd+c18zD6UB7HtYWAHfych5wWmw0Scx+FZBkAh/J3hfUs+1m1LOTgk
FT9n+mCStcbntBxiscBuoJ3fmv7JXpavqalorJqPY14Oiw2k/2nOa/S9Dajl0Gqj
RzquXbzyu1GXNyqJ7wRiAi07HhJEnq6BaGgB4He+GJMQLcRaDu57dkb4xSen6yPR
CVrZ+CW1AgMBAAECggEAPMsw5lwl04BLEM7KUd83qq89uXfKqYJdREvINHJ4dREO
4CfdteRsLeU90v2lkaJqWOeqrk9CHHRkw9M9alzFzRi+fdu85nt/uHZxYmiFAf8n
OTtA1k7sNvU4wvbQXI8saoaGn2iNQKoQrlCriAoA/7VLhfNMpJDhdSoIF9GsrwOj
RuPtDdhrIdMYPHA9ipG2FHYKgLLV2ylgbASaM/KcDFLkOya8R8aRP6WbYc4MOIA8
LyYvB4ghN/bsbLaDjEFZRs1sRjcbGkSwrx2aky4GU5p77oVZZ3wzwnadQ/spekD6
hE3DT0i9nutPSsF6hK6EgGwPfsPWYnfbsIMQgtPLUwKBgQD+LJBG/LahAJFn+jhp
PBIY0O34YKPZQc85QBPacP0T0EV00vZPnmE2BmdQYDQcIxrDa1OsfYAK8S90cYRJ
nkW5RwyTZnb+cV6s2SY/Q+43YmAAjZtbdYnGsxlYi7Cj2rSDbFMnWKoGTmSmbnOt
RqF3s5Y+DTArByizC6SpDNeFmwKBgQDXrm1YZp83zx6NdybOzaej6u7llLJ91EWr
dk76/w4WGfE7Pys8aQX1KAEDQptpUZOdAil5U/MSJt9nbV1kIi09hqB3xyKNkZwy
UgMu/SaDsNvj+UsD0JL1wPvyQLo5Ed59X48Du9zgtos96hHplc+X4vrxQ25VrmmR
CeCK1hLe7wKBgDDh6S191LHKJizVFpxGjURwihPGojxaR7w+8pKEQGfbGkCJgg11
7EQznxL6LYtrxO3oakM2L7XrBLFkU4jFA6vKWkTO4/uzWf3sFUr9iYblSIlSspo4
VLL+JtW8p9Abc7QC1Usv5iMoWHsZqu2cM9mNlEuCxczAp7cnehd4/MoZAoGAHbo7
9ghG/8E7e9IldjGgXpZ+EQS6yV8drzFiV3QaM++lcT4Wrn/nQ1AdO57NnumQh/6J
SuDISwMynaXUTn3rcGSC759x4sNkHQdyyuI3kcUpubVdoov4BYlw8IX9ZOpSmUM3
ihM1sX9Xl9QQXfq5Hz04y1I4/fRJNqV+3oP9G98CgYBzazU7+vHM1aWWIMZDvZFT
6uTokuE7JZXcNNqhTok6H+IBc3oNNwB3L278AFEFpe458XbPDuW9ExQ/lV8Gdkm0
AeEHHicSEDfHHIYRkWwaqa6ZEfX65wou2726fd3Fs0QwUKCvSIPdoCBNmhnE1VnN
LiiURDZ4Va437QWWFNOfrA==
-----END PRIVATE KEY-----
`;
