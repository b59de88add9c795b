#!/usr/bin/env python3
"""Checks GCM Review Desk signed reviews and approval files with jwcrypto, a standard JOSE library.

    jose_check.py FILE.review.json...         verify signed reviews (or FILE.approval.json)
    jose_check.py --sign REVIEW.json OUT      sign a review document with a fresh Ed25519 key,
                                              in the same file format, for the app to verify

Verifying prints one line a file: "OK <kid> ..." when it holds, "REFUSED <reason> <file>: ..."
when it is refused for a known reason (below). The exit status is 0 when every file holds, 3
when every other file was refused for a known reason, and 1 when anything else went wrong (a
missing module, a bug in this script): that is never a refusal. 2 is a usage error.

Reasons: not_json, duplicate_member, format, extra_member, header, alg, typ, private_key, key,
kid, subset (a value outside this script's JSON subset), signature (jwcrypto found that the
signature does not hold), signer.

The signed file (format "gcm-review-signed/1") carries a detached JWS (RFC 7515 appendix F):
the payload is the RFC 8785 canonical JSON of its "review" member. An approval file (format
"gcm-review-approval/1") is the same with an "approval" member and its own "typ". Verifying rebuilds the
ordinary compact JWS  protected "." base64url(JCS(review)) "." signature  and hands it to jwcrypto.

The canonicaliser below covers the subset reviews use (objects, arrays, strings, integers,
booleans, null); a float is refused rather than written in a way RFC 8785 might not.
"""

import base64
import binascii
import json
import sys

from jwcrypto import jwk, jws

FORMAT = "gcm-review-signed/1"
TYP = "gcm-review+jws"
# Each signed format: the member signed, and the header's "typ".
FORMATS = {
    FORMAT: ("review", TYP),
    "gcm-review-approval/1": ("approval", "gcm-review-approval+jws"),
}
MAX_SAFE_INTEGER = 2**53 - 1


class Refused(Exception):
    """A file this script refuses on purpose, for a reason named by a stable word."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jcs(value):
    """RFC 8785 canonical JSON of value, for integers, strings, booleans, null, arrays, objects."""
    if isinstance(value, dict):
        # Member names sort by their UTF-16 code units (RFC 8785 section 3.2.3).
        members = sorted(value.items(), key=lambda m: m[0].encode("utf-16-be"))
        return "{" + ",".join(jcs(k) + ":" + jcs(v) for k, v in members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, str):
        # Escapes only '"', '\\' and control characters, \u00xx in lowercase, as RFC 8785 does.
        return json.dumps(value, ensure_ascii=False)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise Refused("subset", "integer %d is outside the I-JSON safe range" % value)
        return str(value)
    raise Refused("subset", "%r is outside this script's JSON subset" % (value,))


def no_duplicates(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise Refused("duplicate_member", "a member appears twice in one object")
    return dict(pairs)


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Refused("not_json", "not UTF-8 JSON: %s" % e) from e


def verify(path):
    signed = load(path)
    if not isinstance(signed, dict) or signed.get("format") not in FORMATS:
        found = signed.get("format") if isinstance(signed, dict) else type(signed).__name__
        raise Refused("format", "not a signed review (format %r)" % (found,))
    member, typ = FORMATS[signed["format"]]
    if (
        set(signed) != {"format", member, "signature"}
        or not isinstance(signed["signature"], dict)
        or set(signed["signature"]) != {"protected", "signature"}
    ):
        raise Refused("extra_member", "members outside the format sit beside the signature")
    if not isinstance(signed[member], dict):
        raise Refused("format", "the signed %s is not a JSON object" % member)
    protected = signed["signature"]["protected"]
    signature = signed["signature"]["signature"]
    if not isinstance(protected, str) or not isinstance(signature, str):
        raise Refused("header", "the signature's members are not text")
    try:
        header = json.loads(unb64url(protected))
    except (TypeError, ValueError, binascii.Error) as e:
        raise Refused("header", "the protected header is not base64url JSON: %s" % e) from e
    if not isinstance(header, dict) or not isinstance(header.get("jwk"), dict):
        raise Refused("header", "the protected header carries no key: %r" % (header,))
    if header.get("alg") != "EdDSA":
        raise Refused("alg", "algorithm %r, not EdDSA" % (header.get("alg"),))
    if header.get("typ") != typ:
        raise Refused("typ", "type %r, not %r" % (header.get("typ"), typ))
    if "d" in header["jwk"]:
        # jwcrypto would verify with it; a signer's key that travels with its secret is refused.
        raise Refused("private_key", "the header's key holds its private part")
    try:
        key = jwk.JWK(**header["jwk"])
    except (jwk.InvalidJWKType, jwk.InvalidJWKValue) as e:
        raise Refused("key", "the header's key is not usable: %s" % e) from e
    kid = key.thumbprint()  # RFC 7638, SHA-256, base64url
    if kid != header.get("kid"):
        raise Refused("kid", "the key id is not the thumbprint of the key")
    payload = jcs(signed[member]).encode("utf-8")
    token = jws.JWS()
    token.allowed_algs = ["EdDSA"]
    try:
        token.deserialize(protected + "." + b64url(payload) + "." + signature, key=key)
    except jws.InvalidJWSSignature as e:
        raise Refused("signature", "jwcrypto: %s" % e) from e
    if member == "approval":
        approval = signed["approval"]
        if approval.get("key") != kid:
            raise Refused("signer", "the approval names another key than the one that signed it")
        approver = approval.get("approver", {})
        print("OK %s approved by %s (%s)" % (kid, approver.get("name"), approval.get("entity")))
        return
    signer = signed["review"].get("signer", {})
    if signer.get("key") != kid:
        raise Refused("signer", "the signer named in the review did not make this signature")
    print("OK %s signed by %s (%s)" % (kid, signer.get("name"), signer.get("ministry")))


def sign(review_path, out_path):
    review = load(review_path)
    for member in ("signer", "status", "signed"):
        if member in review:
            raise ValueError("the review already has a %r member" % member)
    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    public = json.loads(key.export_public())
    kid = key.thumbprint()
    review["signer"] = {
        "name": "Interop Check",
        "title": "JOSE library",
        "ministry": "jwcrypto",
        "email": "interop@example.org",
        "key": kid,
    }
    review["status"] = "draft"
    review["signed"] = "2026-01-01T00:00:00Z"
    header = {
        "alg": "EdDSA",
        "typ": TYP,
        "kid": kid,
        "jwk": {"kty": "OKP", "crv": "Ed25519", "x": public["x"]},
    }
    token = jws.JWS(jcs(review).encode("utf-8"))
    token.add_signature(key, alg="EdDSA", protected=json.dumps(header))
    protected, _, signature = token.serialize(compact=True).split(".")
    signed = {
        "format": FORMAT,
        "review": review,
        "signature": {"protected": protected, "signature": signature},
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(signed, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("OK signed with %s" % kid)


def main(argv):
    if len(argv) == 4 and argv[1] == "--sign":
        sign(argv[2], argv[3])
        return 0
    if len(argv) < 2 or argv[1].startswith("-"):
        print("\n".join(__doc__.strip().splitlines()[2:5]), file=sys.stderr)
        return 2
    refused = 0
    for path in argv[1:]:
        try:
            verify(path)
        except Refused as e:
            refused += 1
            print("REFUSED %s %s: %s" % (e.reason, path, e))
    return 3 if refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
