#!/usr/bin/env python3
"""Checks GCM Review Desk signed reviews with jwcrypto, a standard JOSE library.

    jose_check.py FILE.review.json...         verify signed reviews (exit 0 when every one holds)
    jose_check.py --sign REVIEW.json OUT      sign a review document with a fresh Ed25519 key,
                                              in the same file format, for the app to verify

The signed file (format "gcm-review-signed/1") carries a detached JWS (RFC 7515 appendix F):
the payload is the RFC 8785 canonical JSON of its "review" member. Verifying rebuilds the
ordinary compact JWS  protected "." base64url(JCS(review)) "." signature  and hands it to jwcrypto.

The canonicaliser below covers the subset reviews use (objects, arrays, strings, integers,
booleans, null); a float is refused rather than written in a way RFC 8785 might not.
"""

import base64
import json
import sys

from jwcrypto import jwk, jws

FORMAT = "gcm-review-signed/1"
TYP = "gcm-review+jws"
MAX_SAFE_INTEGER = 2**53 - 1


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
            raise ValueError("integer %d is outside the I-JSON safe range" % value)
        return str(value)
    raise ValueError("%r is outside this script's JSON subset" % (value,))


def no_duplicates(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError("a member appears twice in one object")
    return dict(pairs)


def load(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"), object_pairs_hook=no_duplicates)


def verify(path):
    signed = load(path)
    if signed.get("format") != FORMAT:
        raise ValueError("not a signed review (format %r)" % signed.get("format"))
    if set(signed) != {"format", "review", "signature"} or set(signed["signature"]) != {
        "protected",
        "signature",
    }:
        raise ValueError("members outside the format sit beside the signature")
    protected = signed["signature"]["protected"]
    signature = signed["signature"]["signature"]
    header = json.loads(unb64url(protected))
    if header.get("alg") != "EdDSA" or header.get("typ") != TYP:
        raise ValueError("unexpected header %r" % header)
    key = jwk.JWK(**header["jwk"])
    kid = key.thumbprint()  # RFC 7638, SHA-256, base64url
    if kid != header.get("kid"):
        raise ValueError("the key id is not the thumbprint of the key")
    payload = jcs(signed["review"]).encode("utf-8")
    token = jws.JWS()
    token.allowed_algs = ["EdDSA"]
    # Raises InvalidJWSSignature unless the signature holds.
    token.deserialize(protected + "." + b64url(payload) + "." + signature, key=key)
    signer = signed["review"].get("signer", {})
    if signer.get("key") != kid:
        raise ValueError("the signer named in the review did not make this signature")
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
    try:
        if len(argv) == 4 and argv[1] == "--sign":
            sign(argv[2], argv[3])
        elif len(argv) >= 2 and not argv[1].startswith("-"):
            failed = 0
            for path in argv[1:]:
                try:
                    verify(path)
                except Exception as e:
                    failed += 1
                    print("FAILED %s: %s: %s" % (path, type(e).__name__, e), file=sys.stderr)
            return 1 if failed else 0
        else:
            print("\n".join(__doc__.strip().splitlines()[2:5]), file=sys.stderr)
            return 2
    except Exception as e:  # one line, whatever went wrong
        print("FAILED %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
