//! Signing and verifying: the RFC vectors, the pinned file formats (`tests/vectors/`; files
//! named `fail_*` must be refused with the reason given here), tampering, hostile files, keys,
//! endorsements, and a round trip through a standard JOSE library in both directions.
//!
//! `GCM_REVIEW_BLESS=1 cargo test --test sign` rewrites the vectors after a deliberate format
//! change; review the diff before keeping it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use gcm_review::sign::{
    self, canonicalize, cmp_utf16, endorse, fingerprint_groups, seal, sign_value, unseal, verify,
    verify_endorsement, verify_reader, KdfParams, KeyError, PublicKey, SignError, Signer,
    SigningKey, Status, VerifyError, MAX_SIGNED_BYTES,
};
use gcm_review::ReviewDocument;
use serde_json::{json, Number, Value};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------------------------------------
// Fixtures

/// RFC 8037 appendix A.1: the example key's private part `d` and public part `x`.
const RFC8037_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
/// RFC 8037 appendix A.3: its thumbprint.
const RFC8037_KID: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

const NOW: &str = "2026-03-02T09:30:00Z";
const PASSPHRASE: &str = "correct horse battery staple";
/// Cheap Argon2id settings, so that tests run fast; never what the app uses.
const CHEAP: KdfParams = KdfParams {
    m_kib: 256,
    t: 1,
    p: 1,
};

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn blessing() -> bool {
    std::env::var_os("GCM_REVIEW_BLESS").is_some_and(|v| v == "1")
}

/// Compares `bytes` with the vector `name`, or writes it when blessing.
fn pinned(name: &str, bytes: &[u8]) {
    let path = vectors().join(name);
    if blessing() {
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        expected == bytes,
        "{name} changed; if the format change is deliberate, bless the vectors. Now:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn rfc8037_key() -> SigningKey {
    let d: [u8; 32] = URL_SAFE_NO_PAD
        .decode(RFC8037_D)
        .unwrap()
        .try_into()
        .unwrap();
    SigningKey::from_secret_bytes(&d)
}

fn second_key() -> SigningKey {
    SigningKey::from_secret_bytes(&[7; 32])
}

fn signer() -> Signer {
    Signer {
        name: "Amina Diallo".to_string(),
        title: "Directrice de la migration".to_string(),
        ministry: "Ministère de l'Intérieur".to_string(),
        email: "a.diallo@example.org".to_string(),
    }
}

/// A review with text in several scripts, escapes, and member names whose UTF-16 order differs
/// from their code point order.
fn review() -> ReviewDocument {
    serde_json::from_value(json!({
        "format": "gcm-review/1",
        "template": { "id": "imrf-annex1", "version": "2025.1" },
        "id": "0f1e2d3c-4b5a-4697-8877-665544332211",
        "revision": 42,
        "cover": {
            "member_state": "SEN",
            "cycle": "IMRF 2026",
            "language": "fr",
            "lead_entity": "Ministère de l'Intérieur \"DGM\"",
        },
        "answers": {
            "methodology.process": "Consultations régionales à Dakar, Thiès et Saint-Louis.\nTrois ateliers.",
            "objectives.7.measures": "تم تعزيز الحماية القنصلية — 加强领事保护",
            "objectives.7.principles": ["human-rights", "gender-responsive"],
            "objectives.23.measures": "Tab\there, backslash \\ , bell \u{7}, delete \u{7f}, line separator \u{2028}.",
            "annexes.\u{1F600}": "emoji member name",
            "annexes.\u{FB33}": "dalet member name",
            "next_steps.budget": 1250000,
        },
        "signoff": [
            { "ministry": "Ministère des Affaires étrangères", "name": "Jean Ndiaye", "title": "Directeur", "date": "2026-02-27" },
            { "ministry": "Ministère du Travail", "name": "Fatou Sow", "title": "Conseillère", "date": null },
        ],
        "supersedes": null,
        "created": "2026-01-05T08:00:00Z",
        "updated": "2026-03-01T17:45:12Z",
    }))
    .unwrap()
}

fn signed_golden() -> sign::SignedReview {
    sign::sign(&review(), &signer(), Status::Final, &rfc8037_key(), NOW).unwrap()
}

fn message(result: Result<sign::Verified, VerifyError>) -> String {
    match result {
        Ok(v) => panic!("verified, signed by {}", v.signer.name),
        Err(e) => e.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 8785: canonical JSON

#[test]
fn rfc8785_appendix_b_numbers() {
    let samples: [(u64, &str); 24] = [
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),
        (0x0000000000000001, "5e-324"),
        (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"),
        (0xc340000000000000, "-9007199254740992"),
        (0x4430000000000000, "295147905179352830000"),
        (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"),
        (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"),
        (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"),
        (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"),
        (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"),
    ];
    for (bits, expected) in samples {
        let n = Value::Number(Number::from_f64(f64::from_bits(bits)).unwrap());
        assert_eq!(
            String::from_utf8(canonicalize(&n).unwrap()).unwrap(),
            expected,
            "{bits:016x}"
        );
    }
    // NaN and Infinity (appendix B, note 3) cannot even be held in a JSON value.
    assert!(Number::from_f64(f64::from_bits(0x7fffffffffffffff)).is_none());
    assert!(Number::from_f64(f64::from_bits(0x7ff0000000000000)).is_none());
}

#[test]
fn rfc8785_numbers_as_parsed_from_text() {
    for (text, expected) in [
        ("1e21", "1e+21"),
        ("1e20", "100000000000000000000"),
        ("1e-7", "1e-7"),
        ("0.000001", "0.000001"),
        ("-0", "0"),
        ("-0.0", "0"),
        ("5.0", "5"),
        ("9007199254740991", "9007199254740991"),
        ("-9007199254740991", "-9007199254740991"),
        ("123456789012345678901234567890", "1.2345678901234568e+29"),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            String::from_utf8(canonicalize(&v).unwrap()).unwrap(),
            expected,
            "{text}"
        );
    }
}

/// Integers a double cannot hold exactly are refused, not rounded: otherwise two files with
/// different numbers would have the same canonical form and the same signature.
#[test]
fn integers_beyond_the_safe_range_are_refused() {
    // Kept when the double they denote is written with the same digits...
    for text in ["9007199254740992", "-9007199254740992", "10000000000000000"] {
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(canonicalize(&v).unwrap(), text.as_bytes());
    }
    // ...refused when they would be rounded.
    for text in [
        "9007199254740993",
        "-9007199254740993",
        "18446744073709551615",
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        let e = canonicalize(&v).unwrap_err();
        assert!(
            e.to_string().contains("too large to be signed exactly"),
            "{e}"
        );
    }
}

#[test]
fn rfc8785_section_3_2_3_sorting_example() {
    let input: Value =
        serde_json::from_slice(&std::fs::read(vectors().join("rfc8785-sorting.json")).unwrap())
            .unwrap();
    let expected = std::fs::read(vectors().join("rfc8785-sorting.canonical")).unwrap();
    assert_eq!(canonicalize(&input).unwrap(), expected);
    let order: Vec<&str> = {
        let text = std::str::from_utf8(&expected).unwrap();
        [
            "\\r",
            "1",
            "\u{80}",
            "\u{f6}",
            "\u{20ac}",
            "\u{1F600}",
            "\u{fb33}",
        ]
        .into_iter()
        .inspect(|name| assert!(text.contains(&format!("\"{name}\":"))))
        .collect()
    };
    let positions: Vec<usize> = order
        .iter()
        .map(|name| {
            std::str::from_utf8(&expected)
                .unwrap()
                .find(&format!("\"{name}\":"))
                .unwrap()
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    // UTF-16 order puts the emoji (a surrogate pair, 0xD83D...) before U+FB33; code point
    // order, and serde_json's own map, would not.
    assert!(cmp_utf16("\u{1F600}", "\u{FB33}").is_lt());
    assert!("\u{1F600}" > "\u{FB33}");
}

#[test]
fn rfc8785_section_3_2_2_values_example() {
    let input: Value =
        serde_json::from_slice(&std::fs::read(vectors().join("rfc8785-values.json")).unwrap())
            .unwrap();
    let expected = std::fs::read(vectors().join("rfc8785-values.canonical")).unwrap();
    assert_eq!(
        String::from_utf8(canonicalize(&input).unwrap()).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

#[test]
fn strings_escape_only_what_json_requires() {
    let v = json!("\u{0}\u{8}\t\n\u{b}\u{c}\r\u{1f} \"\\/\u{7f}\u{80}\u{2028}é");
    assert_eq!(
        String::from_utf8(canonicalize(&v).unwrap()).unwrap(),
        "\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\u{7f}\u{80}\u{2028}é\""
    );
}

// ---------------------------------------------------------------------------------------------
// RFC 8037 and RFC 7638: keys

#[test]
fn rfc8037_a1_key_and_a3_thumbprint() {
    let public = rfc8037_key().public();
    assert_eq!(
        public.jwk(),
        json!({ "crv": "Ed25519", "kty": "OKP", "x": RFC8037_X })
    );
    assert_eq!(public.kid(), RFC8037_KID);
    assert_eq!(rfc8037_key().kid(), RFC8037_KID);
    let from_jwk =
        PublicKey::from_jwk(&json!({ "kty": "OKP", "crv": "Ed25519", "x": RFC8037_X })).unwrap();
    assert_eq!(from_jwk, public);
}

#[test]
fn fingerprint_groups_read_aloud() {
    let groups = rfc8037_key().public().fingerprint_groups();
    // Computed independently: Crockford base32 of the first 20 bytes of the A.3 thumbprint.
    assert_eq!(groups, "J3XC-NZN9-P5AP-D62M-1XRC-04BT-4BN3-FFAW");
    assert_eq!(
        fingerprint_groups(RFC8037_KID).as_deref(),
        Some(groups.as_str())
    );
    assert_eq!(groups.len(), 39);
    assert!(groups.split('-').all(|g| g.len() == 4
        && g.chars()
            .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))));
    assert_eq!(fingerprint_groups("not a kid"), None);
}

#[test]
fn public_keys_that_are_not_ed25519_are_refused() {
    for jwk in [
        json!({ "kty": "OKP", "crv": "X25519", "x": RFC8037_X }),
        json!({ "kty": "EC", "crv": "P-256", "x": RFC8037_X, "y": RFC8037_X }),
        json!({ "kty": "OKP", "crv": "Ed25519", "x": "AAAA" }),
        json!({ "kty": "OKP", "crv": "Ed25519", "x": RFC8037_X, "d": RFC8037_D }),
        // A small-order point: any signature would "verify" under a lax check.
        json!({ "kty": "OKP", "crv": "Ed25519", "x": b64(&[1; 1].iter().chain(&[0; 31]).copied().collect::<Vec<u8>>()) }),
    ] {
        assert!(PublicKey::from_jwk(&jwk).is_err(), "{jwk}");
    }
}

#[test]
fn a_signing_key_shows_no_secret() {
    let key = rfc8037_key();
    let shown = format!("{key:?}");
    assert!(
        shown.contains(RFC8037_KID) && shown.contains("redacted"),
        "{shown}"
    );
    assert!(!shown.contains(RFC8037_D));
    let d = URL_SAFE_NO_PAD.decode(RFC8037_D).unwrap();
    assert!(!shown.contains(&format!("{:?}", &d[..4]).trim_end_matches(']').to_string()));
}

#[test]
fn generated_keys_differ() {
    let a = SigningKey::generate().unwrap();
    let b = SigningKey::generate().unwrap();
    assert_ne!(a.kid(), b.kid());
}

// ---------------------------------------------------------------------------------------------
// The signed file

#[test]
fn the_signed_file_is_pinned() {
    let signed = signed_golden();
    pinned("signed.review.json", signed.file_bytes());
    assert_eq!(
        signed.compact_detached(),
        format!("{}..{}", signed.protected(), signed.signature())
    );
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(signed.protected()).unwrap()).unwrap();
    assert_eq!(
        header,
        json!({
            "alg": "EdDSA",
            "typ": "gcm-review+jws",
            "kid": RFC8037_KID,
            "jwk": { "kty": "OKP", "crv": "Ed25519", "x": RFC8037_X },
        })
    );
    // The same review, key and time give the same bytes.
    assert_eq!(signed_golden().file_bytes(), signed.file_bytes());
}

#[test]
fn the_signed_file_verifies_and_says_who_signed() {
    let bytes = std::fs::read(vectors().join("signed.review.json")).unwrap();
    let v = verify(&bytes).unwrap();
    assert_eq!(v.signer, signer());
    assert_eq!(v.kid, RFC8037_KID);
    assert_eq!(v.key, rfc8037_key().public());
    assert_eq!(v.status, Status::Final);
    assert_eq!(v.signed, NOW);
    assert_eq!(v.review_id, "0f1e2d3c-4b5a-4697-8877-665544332211");
    assert_eq!(
        (v.template_id.as_str(), v.template_version.as_str()),
        ("imrf-annex1", "2025.1")
    );
    assert_eq!(v.review["signer"]["key"], RFC8037_KID);
    assert_eq!(v.document().unwrap(), review());
    let digest = Sha256::digest(canonicalize(&v.review).unwrap());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v.digest, hex);
    assert_eq!(v.digest, signed_golden().digest());
}

#[test]
fn sign_then_verify_with_a_fresh_key() {
    let key = SigningKey::generate().unwrap();
    let signed = sign::sign(&review(), &signer(), Status::Draft, &key, NOW).unwrap();
    let v = verify(signed.file_bytes()).unwrap();
    assert_eq!(v.kid, key.kid());
    assert_eq!(v.status, Status::Draft);
    assert_eq!(&v.review, signed.review());
    assert_eq!(v.document().unwrap(), review());
    // The file reads back the same through a reader.
    assert_eq!(verify_reader(signed.file_bytes()).unwrap(), v);
}

#[test]
fn what_cannot_be_signed_is_refused() {
    let key = rfc8037_key();
    let value = serde_json::to_value(review()).unwrap();
    let signed = sign_value(&value, &signer(), Status::Final, &key, NOW).unwrap();
    assert!(matches!(
        sign_value(signed.review(), &signer(), Status::Final, &key, NOW),
        Err(SignError::AlreadySigned("signer"))
    ));
    assert!(matches!(
        sign_value(&json!([1]), &signer(), Status::Final, &key, NOW),
        Err(SignError::NotAnObject)
    ));
    let nobody = Signer {
        name: "  ".to_string(),
        ..signer()
    };
    assert!(matches!(
        sign_value(&value, &nobody, Status::Final, &key, NOW),
        Err(SignError::NoSignerName)
    ));
    assert!(matches!(
        sign_value(&value, &signer(), Status::Final, &key, "yesterday"),
        Err(SignError::BadTime(_))
    ));
    let mut huge = value.clone();
    huge["answers"]["next_steps.budget"] = json!(u64::MAX);
    let e = sign_value(&huge, &signer(), Status::Final, &key, NOW).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the review cannot be signed: the number 18446744073709551615 is too large to be signed exactly (integers must lie within ±9007199254740991)"
    );
}

/// Flips bits all over a signed file: in a sample of positions across the whole file, and
/// in every byte of the protected header and of the signature. Each result must be refused, or
/// (for a flip that leaves the JSON meaning unchanged) verify as the very same review.
#[test]
fn every_flipped_bit_is_refused_or_changes_nothing() {
    let signed = signed_golden();
    let original = signed.file_bytes().to_vec();
    let text = std::str::from_utf8(&original).unwrap();
    let span = |needle: &str| {
        let start = text.find(needle).unwrap();
        start..start + needle.len()
    };
    let protected = span(signed.protected());
    let signature = span(signed.signature());

    let step = (original.len() / 500).max(1);
    let mut positions: Vec<usize> = (0..original.len()).step_by(step).collect();
    positions.extend(protected.clone());
    positions.extend(signature.clone());
    positions.sort_unstable();
    positions.dedup();
    assert!(positions.len() >= 500, "{}", positions.len());

    let (mut refused, mut unchanged) = (0, 0);
    for &at in &positions {
        for bit in 0..8 {
            let mut bytes = original.clone();
            bytes[at] ^= 1 << bit;
            match verify(&bytes) {
                Err(_) => refused += 1,
                Ok(v) => {
                    assert!(
                        !protected.contains(&at) && !signature.contains(&at),
                        "a changed signature or header verified (byte {at}, bit {bit})"
                    );
                    assert_eq!(&v.review, signed.review(), "byte {at}, bit {bit}");
                    assert_eq!(v.kid, RFC8037_KID);
                    unchanged += 1;
                }
            }
        }
    }
    assert!(refused > 0);
    assert_eq!(unchanged, 0, "no flip in this file should leave it valid");
}

/// The `fail_*` vectors and the one-line reason each must be refused with.
const FAILURES: &[(&str, &str)] = &[
    ("fail_alg_hs256.review.json", "unsupported algorithm HS256: only EdDSA (Ed25519) signatures are accepted"),
    ("fail_alg_none.review.json", "unsupported algorithm none: only EdDSA (Ed25519) signatures are accepted"),
    ("fail_b64_false.review.json", "the signature header is damaged or not accepted: it uses extensions (\"crit\" or \"b64\") that this app does not accept"),
    ("fail_changed_answer.review.json", "the signature does not match the review: the file was changed after signing"),
    ("fail_duplicate_member.review.json", "the file is not a signed review: it is not valid JSON (the member \"format\" appears twice in one object at line 3 column 10)"),
    ("fail_empty.review.json", "the file is not a signed review: it is not valid JSON (EOF while parsing a value at line 1 column 0)"),
    ("fail_extra_member.review.json", "the file is not a signed review: the file has a member \"note\" that is not part of the format"),
    ("fail_garbage.review.json", "the file is not a signed review: it is not valid JSON (expected value at line 1 column 1)"),
    ("fail_kid_mismatch.review.json", "the key id does not match the key: the signature header was altered"),
    ("fail_other_key.review.json", "the signature does not match the review: the file was changed after signing"),
    ("fail_private_key_in_header.review.json", "the signer's public key in the signature is not usable: the public key is not an Ed25519 key: it contains a private key, which must never be shared"),
    ("fail_truncated.review.json", "the file is not a signed review: it is not valid JSON (EOF while parsing a string at line 29 column 38)"),
    ("fail_unknown_format.review.json", "the file is a signed review in format \"gcm-review-signed/2\", which this version cannot read (it reads gcm-review-signed/1): update the app"),
    ("fail_unsigned_review.review.json", "the file is not a signed review: its \"format\" is not \"gcm-review-signed/1\""),
    ("fail_weak_key.review.json", "the signer's public key in the signature is not usable: the public key is not an Ed25519 key: its \"x\" is a weak (small-order) Ed25519 point"),
    ("fail_wrong_typ.review.json", "the signature is of type \"gcm-review-key-endorsement+jws\", not \"gcm-review+jws\": it was made for something else"),
];

/// Builds each `fail_*` vector from the pinned signed file.
fn make_failures() -> Vec<(&'static str, Vec<u8>)> {
    let golden = signed_golden();
    let file: Value = serde_json::from_slice(golden.file_bytes()).unwrap();
    let pretty = |v: &Value| sign::to_pretty(v).unwrap();
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(golden.protected()).unwrap()).unwrap();
    let with_header = |edit: &dyn Fn(&mut Value), signature: &str| {
        let mut h = header.clone();
        edit(&mut h);
        let mut f = file.clone();
        f["signature"]["protected"] = b64(&canonicalize(&h).unwrap()).into();
        f["signature"]["signature"] = signature.into();
        pretty(&f)
    };
    let sig = golden.signature().to_string();

    // HS256 keyed with the public key: the classic algorithm-confusion forgery.
    let hs256 = {
        let mut h = header.clone();
        h["alg"] = "HS256".into();
        let protected = b64(&canonicalize(&h).unwrap());
        let payload = b64(&canonicalize(&file["review"]).unwrap());
        let secret = URL_SAFE_NO_PAD.decode(RFC8037_X).unwrap();
        let mac = hmac_sha256(&secret, format!("{protected}.{payload}").as_bytes());
        with_header(&|h| h["alg"] = "HS256".into(), &b64(&mac))
    };
    let mut changed = file.clone();
    changed["review"]["answers"]["methodology.process"] = "Une seule réunion.".into();
    let other = second_key().public();
    let mut extra = file.clone();
    extra["note"] = "added after signing".into();
    let mut unknown = file.clone();
    unknown["format"] = "gcm-review-signed/2".into();
    let weak_x = b64(&[1u8].iter().chain(&[0u8; 31]).copied().collect::<Vec<u8>>());
    let weak_kid = b64(&Sha256::digest(
        format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{weak_x}"}}"#).as_bytes(),
    ));
    let text = String::from_utf8(golden.file_bytes().to_vec()).unwrap();
    let garbage: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();

    vec![
        ("fail_alg_hs256.review.json", hs256),
        (
            "fail_alg_none.review.json",
            with_header(&|h| h["alg"] = "none".into(), ""),
        ),
        (
            "fail_b64_false.review.json",
            with_header(
                &|h| {
                    h["b64"] = false.into();
                    h["crit"] = json!(["b64"]);
                },
                &sig,
            ),
        ),
        ("fail_changed_answer.review.json", pretty(&changed)),
        (
            "fail_duplicate_member.review.json",
            text.replacen("{\n", "{\n  \"format\": \"gcm-review-signed/1\",\n", 1)
                .into_bytes(),
        ),
        ("fail_empty.review.json", Vec::new()),
        ("fail_extra_member.review.json", pretty(&extra)),
        ("fail_garbage.review.json", garbage),
        (
            "fail_kid_mismatch.review.json",
            with_header(&|h| h["kid"] = other.kid().into(), &sig),
        ),
        (
            "fail_other_key.review.json",
            with_header(
                &|h| {
                    h["kid"] = other.kid().into();
                    h["jwk"] = other.jwk();
                },
                &sig,
            ),
        ),
        (
            "fail_private_key_in_header.review.json",
            with_header(&|h| h["jwk"]["d"] = RFC8037_D.into(), &sig),
        ),
        (
            "fail_truncated.review.json",
            golden.file_bytes()[..golden.file_bytes().len() / 2].to_vec(),
        ),
        ("fail_unknown_format.review.json", pretty(&unknown)),
        (
            "fail_unsigned_review.review.json",
            pretty(&serde_json::to_value(review()).unwrap()),
        ),
        (
            "fail_weak_key.review.json",
            with_header(
                &|h| {
                    h["jwk"]["x"] = weak_x.clone().into();
                    h["kid"] = weak_kid.clone().into();
                },
                &sig,
            ),
        ),
        (
            "fail_wrong_typ.review.json",
            with_header(&|h| h["typ"] = sign::ENDORSEMENT_TYP.into(), &sig),
        ),
    ]
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

#[test]
fn fail_vectors_are_refused_with_a_clear_reason() {
    let made = make_failures();
    assert_eq!(made.len(), FAILURES.len());
    for ((name, bytes), (expected_name, _)) in made.iter().zip(FAILURES) {
        assert_eq!(name, expected_name);
        pinned(name, bytes);
    }
    let on_disk: Vec<String> = std::fs::read_dir(vectors())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("fail_") && n.ends_with(".review.json"))
        .collect();
    assert_eq!(on_disk.len(), FAILURES.len(), "{on_disk:?}");
    for (name, reason) in FAILURES {
        let bytes = std::fs::read(vectors().join(name)).unwrap();
        let got = message(verify(&bytes));
        assert_eq!(&got, reason, "{name}");
        assert!(!got.contains('\n'), "{name}: one line");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile sizes

/// A reader of `len` bytes of JSON-looking filler that counts what was read from it.
struct Filler {
    left: u64,
    read: u64,
}

impl Read for Filler {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        buf[..n].fill(b' ');
        if self.read == 0 && n > 0 {
            buf[0] = b'[';
        }
        self.left -= n as u64;
        self.read += n as u64;
        Ok(n)
    }
}

#[test]
fn a_huge_file_is_refused_by_size_before_it_is_read_whole() {
    const HUNDRED_MB: u64 = 100 * 1000 * 1000;
    let mut reader = Filler {
        left: HUNDRED_MB,
        read: 0,
    };
    let e = verify_reader(&mut reader).unwrap_err();
    assert!(matches!(e, VerifyError::TooLarge));
    assert_eq!(
        e.to_string(),
        "the file is larger than 32 MiB, the most a signed review may be"
    );
    assert!(
        reader.read <= MAX_SIGNED_BYTES as u64 + 1,
        "{}",
        reader.read
    );

    // The same from a (sparse) file on disk.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.review.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(HUNDRED_MB).unwrap();
    drop(file);
    assert!(matches!(
        verify_reader(std::fs::File::open(&path).unwrap()),
        Err(VerifyError::TooLarge)
    ));

    // One byte over the limit, in memory.
    let over = vec![b' '; MAX_SIGNED_BYTES + 1];
    assert!(matches!(verify(&over), Err(VerifyError::TooLarge)));
}

#[test]
fn truncated_files_are_refused_at_every_length() {
    let golden = signed_golden();
    let bytes = golden.file_bytes();
    for len in (0..bytes.len() - 1).step_by(7) {
        assert!(verify(&bytes[..len]).is_err(), "{len}");
    }
}

#[test]
fn deeply_nested_files_are_refused() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        verify(deep.as_bytes()),
        Err(VerifyError::NotJson(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// The key file

#[test]
fn seal_then_unseal() {
    let key = SigningKey::generate().unwrap();
    let sealed = seal(&key, PASSPHRASE, CHEAP).unwrap();
    let file: Value = serde_json::from_slice(&sealed).unwrap();
    assert_eq!(file["format"], "gcm-review-key/1");
    assert_eq!(file["kid"], key.kid());
    assert_eq!(file["public"], key.public().jwk());
    assert_eq!(file["kdf"]["alg"], "argon2id");
    assert_eq!(file["kdf"]["m_kib"], 256);
    assert_eq!(file["aead"]["alg"], "xchacha20poly1305");
    let opened = unseal(&sealed, PASSPHRASE).unwrap();
    assert_eq!(opened.kid(), key.kid());
    // A fresh salt and nonce each time.
    assert_ne!(seal(&key, PASSPHRASE, CHEAP).unwrap(), sealed);
}

#[test]
fn the_default_key_derivation_is_strong() {
    assert_eq!(
        KdfParams::default(),
        KdfParams {
            m_kib: 65536,
            t: 3,
            p: 1
        }
    );
}

#[test]
fn the_pinned_key_file_still_opens() {
    // A key file written by an earlier version must keep opening: the vector is written only
    // when blessing, never because it is missing.
    let path = vectors().join("key.gcm-review-key.json");
    if blessing() {
        std::fs::write(&path, seal(&rfc8037_key(), PASSPHRASE, CHEAP).unwrap()).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "the pinned key file {} cannot be read ({e}); restore it from version control \
             (GCM_REVIEW_BLESS=1 writes a new one, which no longer proves that old key files open)",
            path.display()
        )
    });
    assert_eq!(unseal(&bytes, PASSPHRASE).unwrap().kid(), RFC8037_KID);
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains(RFC8037_D), "the secret is in the key file");
}

#[test]
fn a_wrong_passphrase_is_named_as_such() {
    let sealed = seal(&rfc8037_key(), PASSPHRASE, CHEAP).unwrap();
    let e = unseal(&sealed, "correct horse battery stapler").unwrap_err();
    assert!(matches!(e, KeyError::WrongPassphrase));
    assert_eq!(
        e.to_string(),
        "the passphrase is not the one this key was protected with"
    );
}

#[test]
fn a_short_passphrase_is_refused() {
    let e = seal(&rfc8037_key(), "123456789", CHEAP).unwrap_err();
    assert!(matches!(e, KeyError::PassphraseTooShort));
    assert_eq!(
        e.to_string(),
        "the passphrase is too short: use at least 10 characters"
    );
    // Ten characters, not ten bytes.
    assert!(seal(&rfc8037_key(), "ééééééééé", CHEAP).is_err());
    assert!(seal(&rfc8037_key(), "éééééééééé", CHEAP).is_ok());
}

#[test]
fn an_altered_key_file_does_not_open() {
    let sealed = seal(&rfc8037_key(), PASSPHRASE, CHEAP).unwrap();
    let file: Value = serde_json::from_slice(&sealed).unwrap();
    let altered = |edit: &dyn Fn(&mut Value)| {
        let mut f = file.clone();
        edit(&mut f);
        unseal(&serde_json::to_vec(&f).unwrap(), PASSPHRASE)
            .map(|k| k.kid())
            .unwrap_err()
    };
    // Settings are authenticated with the key: changing them is caught by the cipher.
    assert!(matches!(
        altered(&|f| f["kdf"]["t"] = 2.into()),
        KeyError::WrongPassphrase
    ));
    // Another public key in the file.
    assert!(matches!(
        altered(&|f| {
            f["public"] = second_key().public().jwk();
            f["kid"] = second_key().kid().into();
        }),
        KeyError::WrongPassphrase
    ));
    assert!(matches!(
        altered(&|f| f["kid"] = second_key().kid().into()),
        KeyError::Corrupt(_)
    ));
    assert!(matches!(
        altered(&|f| f["kdf"]["m_kib"] = (4u64 << 20).into()),
        KeyError::KdfParams(_)
    ));
    assert!(matches!(
        altered(&|f| f["kdf"]["alg"] = "scrypt".into()),
        KeyError::Unsupported(_)
    ));
    assert!(matches!(
        altered(&|f| f["format"] = "gcm-review-key/9".into()),
        KeyError::UnknownFormat(_)
    ));
    assert!(matches!(
        unseal(b"{ not json", PASSPHRASE).map(|k| k.kid()),
        Err(KeyError::NotAKeyFile(_))
    ));
}

#[test]
fn no_key_error_carries_the_secret() {
    let d = RFC8037_D;
    let sealed = seal(&rfc8037_key(), PASSPHRASE, CHEAP).unwrap();
    let mut errors = vec![
        unseal(&sealed, "wrong passphrase!").unwrap_err(),
        unseal(&sealed[..sealed.len() / 2], PASSPHRASE).unwrap_err(),
        seal(&rfc8037_key(), "short", CHEAP).unwrap_err(),
    ];
    errors.push(
        PublicKey::from_jwk(&json!({"kty":"OKP","crv":"Ed25519","x":RFC8037_X,"d":d})).unwrap_err(),
    );
    for e in errors {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(d), "{shown}");
        assert!(!shown.contains(PASSPHRASE), "{shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// Key rotation

#[test]
fn endorsement_round_trip_and_pinned_form() {
    let old = rfc8037_key();
    let new = second_key();
    let jws = endorse(&old, &new.public(), NOW).unwrap();
    pinned("endorsement.jws", format!("{jws}\n").as_bytes());
    let e = verify_endorsement(&jws).unwrap();
    assert_eq!(e.old_kid, RFC8037_KID);
    assert_eq!(e.new_kid, new.kid());
    assert_eq!(e.new_key, new.public());
    assert_eq!(e.endorsed, NOW);
    let payload: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jws.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        payload,
        json!({ "new_key": new.public().jwk(), "new_kid": new.kid(), "old_kid": RFC8037_KID, "endorsed": NOW })
    );
    assert!(matches!(
        endorse(&old, &old.public(), NOW),
        Err(SignError::SameKey)
    ));
}

#[test]
fn an_altered_endorsement_is_refused() {
    let jws = endorse(&rfc8037_key(), &second_key().public(), NOW).unwrap();
    let parts: Vec<&str> = jws.split('.').collect();
    // Another new key put in the payload.
    let third = SigningKey::from_secret_bytes(&[9; 32]).public();
    let forged_payload = b64(&canonicalize(&json!({
        "new_key": third.jwk(), "new_kid": third.kid(), "old_kid": RFC8037_KID, "endorsed": NOW
    }))
    .unwrap());
    let forged = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    assert!(matches!(
        verify_endorsement(&forged),
        Err(VerifyError::Mismatch)
    ));
    assert!(verify_endorsement("a.b").is_err());
    assert!(verify_endorsement(&jws[..jws.len() - 2]).is_err());
    // A review's signature header cannot pass for an endorsement, nor the reverse.
    let golden = signed_golden();
    let review_as_endorsement = format!("{}.{}.{}", golden.protected(), parts[1], parts[2]);
    assert!(matches!(
        verify_endorsement(&review_as_endorsement),
        Err(VerifyError::WrongType { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// A standard JOSE library, both ways

/// The Python with jwcrypto: `python3` on the PATH, else the system's (where Debian's
/// python3-jwcrypto installs).
fn python_with_jwcrypto() -> Option<String> {
    ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|python| {
            Command::new(python)
                .args(["-c", "import jwcrypto"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_string)
}

/// How `tests/interop/jose_check.py` must refuse each `fail_*` vector: the reason on its
/// `REFUSED <reason> <file>` line. Vectors whose header was edited after signing (and that the
/// script has no check of its own for) are refused by jwcrypto itself: the signature no longer
/// holds.
const JWCRYPTO_REFUSALS: &[(&str, &str)] = &[
    ("fail_alg_hs256.review.json", "alg"),
    ("fail_alg_none.review.json", "alg"),
    ("fail_b64_false.review.json", "signature"),
    ("fail_changed_answer.review.json", "signature"),
    ("fail_duplicate_member.review.json", "duplicate_member"),
    ("fail_empty.review.json", "not_json"),
    ("fail_extra_member.review.json", "extra_member"),
    ("fail_garbage.review.json", "not_json"),
    ("fail_kid_mismatch.review.json", "kid"),
    ("fail_other_key.review.json", "signature"),
    ("fail_private_key_in_header.review.json", "private_key"),
    ("fail_truncated.review.json", "not_json"),
    ("fail_unknown_format.review.json", "format"),
    ("fail_unsigned_review.review.json", "format"),
    ("fail_weak_key.review.json", "signature"),
    ("fail_wrong_typ.review.json", "typ"),
];

/// The script's exit status when every file that did not hold was refused for a known reason;
/// any other failure (a missing module, an exception in the script) exits 1.
const JWCRYPTO_REFUSED: i32 = 3;

/// Asserts that `jose_check.py` refused `file`, and only it, for `reason`.
fn assert_refused(status: Option<i32>, said: &str, file: &Path, reason: &str) {
    let line = format!("REFUSED {reason} {}: ", file.display());
    assert!(
        status == Some(JWCRYPTO_REFUSED) && said.starts_with(&line) && said.lines().count() == 1,
        "jwcrypto should refuse {} for {reason} (exit {JWCRYPTO_REFUSED}); exit {status:?}:\n{said}",
        file.display()
    );
}

#[test]
fn interop_with_jwcrypto() {
    let python = python_with_jwcrypto().expect("install python3-jwcrypto (make test does)");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/jose_check.py");
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&Path]| {
        let out = Command::new(&python)
            .arg(&script)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };

    // This library signs, jwcrypto verifies.
    let ours = dir.path().join("ours.review.json");
    let key = SigningKey::generate().unwrap();
    let signed = sign::sign(&review(), &signer(), Status::Final, &key, NOW).unwrap();
    std::fs::write(&ours, signed.file_bytes()).unwrap();
    let (status, said) = run(&[&ours]);
    assert_eq!(status, Some(0), "jwcrypto refused our signature: {said}");
    assert!(said.starts_with(&format!("OK {} ", key.kid())), "{said}");
    // ...and notices a change.
    let tampered = dir.path().join("tampered.review.json");
    let text = String::from_utf8(signed.file_bytes().to_vec()).unwrap();
    std::fs::write(
        &tampered,
        text.replacen("Trois ateliers", "Deux ateliers", 1),
    )
    .unwrap();
    let (status, said) = run(&[&tampered]);
    assert_refused(status, &said, &tampered, "signature");
    // The pinned vectors too: the good one holds, every `fail_*` one is refused there as well,
    // each for its own reason.
    let (status, said) = run(&[&vectors().join("signed.review.json")]);
    assert_eq!(status, Some(0), "{said}");
    assert!(said.starts_with(&format!("OK {RFC8037_KID} ")), "{said}");
    assert_eq!(
        JWCRYPTO_REFUSALS.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        FAILURES.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "every fail_* vector needs the reason jwcrypto refuses it for"
    );
    for (name, reason) in JWCRYPTO_REFUSALS {
        let file = vectors().join(name);
        let (status, said) = run(&[&file]);
        assert_refused(status, &said, &file, reason);
    }

    // jwcrypto signs, this library verifies.
    let document = dir.path().join("review.json");
    std::fs::write(&document, serde_json::to_vec_pretty(&review()).unwrap()).unwrap();
    let theirs = dir.path().join("theirs.review.json");
    let (status, said) = run(&[Path::new("--sign"), &document, &theirs]);
    assert_eq!(status, Some(0), "{said}");
    let v = verify(&std::fs::read(&theirs).unwrap()).unwrap();
    assert_eq!(v.signer.name, "Interop Check");
    assert_eq!(v.status, Status::Draft);
    assert!(said.contains(&v.kid), "{said}");
    assert_eq!(v.document().unwrap(), review());
    // ...and so does the command line the secretariat uses, once the key is trusted there.
    let store = dir.path().join("store");
    let gcm = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_gcm-review"))
            .arg("--data-dir")
            .arg(&store)
            .args(args)
            .output()
            .unwrap()
    };
    let out = gcm(&[
        "verify".as_ref(),
        theirs.as_os_str(),
        "--allow-untrusted".as_ref(),
    ]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "gcm-review verify refused jwcrypto's file: {shown}"
    );
    assert!(
        shown.contains("NOT YET TRUSTED") && shown.contains("Interop Check"),
        "{shown}"
    );
    assert!(gcm(&["keys".as_ref(), "trust".as_ref(), v.kid.as_ref()])
        .status
        .success());
    let out = gcm(&["verify".as_ref(), theirs.as_os_str()]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("VALID") && shown.contains("(trusted)"),
        "{shown}"
    );
}
