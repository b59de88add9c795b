//! Reading a contribution request or response from outside: the package's hostile-input
//! reader (bounded size, strict zip directory, plain member names, no links, no bombs), then the
//! signed manifest over every member, then the content.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{
    ContribError, Request, Response, REQUEST_FORMAT, REQUEST_NAME, RESPONSE_FORMAT, RESPONSE_NAME,
};
use crate::package::{
    endorsement_of, list_archive, Members, PackageError, Role, MANIFEST_NAME, PUBLIC_KEY_NAME,
    README_NAME,
};
use crate::sign::{hex_sha256, parse_strict, Endorsement, PublicKey};

/// A request whose every check passed.
#[derive(Debug, Clone)]
pub struct OpenedRequest {
    /// What it asks.
    pub request: Request,
    /// The key that signed it.
    pub key: PublicKey,
    /// That key's id.
    pub kid: String,
    /// The endorsement of that key by the key it replaced, verified, if one came with it.
    pub endorsement: Option<Endorsement>,
    /// SHA-256 of `request.json`, lowercase hex.
    pub digest: String,
}

/// A response whose every check passed.
#[derive(Debug, Clone)]
pub struct OpenedResponse {
    /// What it returns.
    pub response: Response,
    /// The key that signed it.
    pub key: PublicKey,
    /// That key's id.
    pub kid: String,
    /// The endorsement of that key by the key it replaced, verified, if one came with it.
    pub endorsement: Option<Endorsement>,
    /// SHA-256 of `response.json`, lowercase hex.
    pub digest: String,
}

/// The members a contribution file may hold. Both contents are known to either reader, so
/// that a request given where a response is expected is named as such.
fn role_of(name: &str) -> Option<Role> {
    match name {
        MANIFEST_NAME => Some(Role::Manifest),
        PUBLIC_KEY_NAME => Some(Role::PublicKey),
        README_NAME => Some(Role::Readme),
        REQUEST_NAME | RESPONSE_NAME => Some(Role::Contribution),
        _ => None,
    }
}

/// What one kind of contribution file is.
struct Kind {
    /// "request" or "response".
    what: &'static str,
    format: &'static str,
    member: &'static str,
    /// The manifest member that summarises the content, and its id member.
    summary: (&'static str, &'static str),
}

const REQUEST: Kind = Kind {
    what: "request",
    format: REQUEST_FORMAT,
    member: REQUEST_NAME,
    summary: ("request", "id"),
};

const RESPONSE: Kind = Kind {
    what: "response",
    format: RESPONSE_FORMAT,
    member: RESPONSE_NAME,
    summary: ("response", "request"),
};

/// An intact file's content, key and endorsement.
struct Intact<T> {
    content: T,
    key: PublicKey,
    endorsement: Option<Endorsement>,
    digest: String,
}

/// Opens and checks a contribution request's bytes.
pub fn open_request(bytes: &[u8]) -> Result<OpenedRequest, ContribError> {
    let intact: Intact<Request> = open(bytes, &REQUEST, |r: &Request| {
        (r.format.clone(), r.id.clone())
    })?;
    Ok(OpenedRequest {
        request: intact.content,
        kid: intact.key.kid(),
        key: intact.key,
        endorsement: intact.endorsement,
        digest: intact.digest,
    })
}

/// Opens and checks a contribution response's bytes.
pub fn open_response(bytes: &[u8]) -> Result<OpenedResponse, ContribError> {
    let intact: Intact<Response> = open(bytes, &RESPONSE, |r: &Response| {
        (r.format.clone(), r.request.clone())
    })?;
    Ok(OpenedResponse {
        response: intact.content,
        kid: intact.key.kid(),
        key: intact.key,
        endorsement: intact.endorsement,
        digest: intact.digest,
    })
}

fn open<T: DeserializeOwned>(
    bytes: &[u8],
    kind: &Kind,
    id_of: impl Fn(&T) -> (String, String),
) -> Result<Intact<T>, ContribError> {
    let not = |why: &str| ContribError::NotAContribution(format!("{}: {why}", kind.what));
    let listing = list_archive(bytes, role_of).map_err(|e| match e {
        PackageError::Unexpected(name) if name.ends_with(".review.json") => {
            not("it is a review package; open it with Import")
        }
        e => e.into(),
    })?;
    let manifest_at = listing.one(Role::Manifest, "manifest (manifest.json)")?;
    let content_at = listing.one(Role::Contribution, "request.json or response.json")?;
    let key_at = listing.one(Role::PublicKey, "public key (signer-key.jwk.json)")?;
    listing.one(Role::Readme, "README.txt")?;
    if listing.roles[content_at].0 != kind.member {
        return Err(not(&format!(
            "it holds {} instead of {}",
            listing.roles[content_at].0, kind.member
        )));
    }
    let members = listing.read()?;
    let manifest = members.signed_manifest(manifest_at, key_at, kind.format)?;
    let Members { contents, .. } = members;

    let value = parse_strict(&contents[content_at])
        .map_err(|e| not(&format!("{} is not valid JSON ({e})", kind.member)))?;
    let content: T = serde_json::from_value(value)
        .map_err(|e| not(&format!("{} does not read ({e})", kind.member)))?;
    let (format, id) = id_of(&content);
    if format != kind.format {
        return Err(not(&format!("its format is not \"{}\"", kind.format)));
    }
    let (summary, id_member) = kind.summary;
    let described = manifest
        .manifest
        .get(summary)
        .and_then(|s| s.get(id_member));
    if described.and_then(Value::as_str) != Some(id.as_str()) {
        return Err(PackageError::Manifest(format!(
            "it describes another {} than the one it holds",
            kind.what
        ))
        .into());
    }
    let jwk: Value = serde_json::from_slice(&contents[key_at])
        .map_err(|_| PackageError::Manifest("its public key file is not JSON".into()))?;
    let key = PublicKey::from_jwk(&jwk).map_err(|_| PackageError::KeyMismatch)?;
    if key != manifest.key {
        return Err(PackageError::KeyMismatch.into());
    }
    let endorsement = match jwk.get("endorsement") {
        None | Some(Value::Null) => None,
        Some(Value::String(jws)) => Some(endorsement_of(jws, &key.kid())?),
        Some(_) => return Err(PackageError::Endorsement("it is not text".into()).into()),
    };
    Ok(Intact {
        content,
        key,
        endorsement,
        digest: hex_sha256(&contents[content_at]),
    })
}
