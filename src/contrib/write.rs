//! Writing a contribution request or response: the content, the signer's public key, a README
//! and the signed manifest, zipped as a package is.

use serde::Serialize;
use serde_json::{json, Value};

use super::{
    ContribError, Request, Response, REQUEST_FORMAT, REQUEST_NAME, RESPONSE_FORMAT, RESPONSE_NAME,
};
use crate::package::{write_zip, Role, MANIFEST_NAME, PUBLIC_KEY_NAME, README_NAME};
use crate::sign::{fingerprint_groups, hex_sha256, sign_manifest, to_pretty, SigningKey};

/// The file name to offer for a request (`response` false) or a response:
/// `GCM-contribution_<ISO3>_<entity>_<date>.zip` or
/// `GCM-contribution-response_<ISO3>_<entity>_<date>.zip`, with anything but letters and
/// digits turned into hyphens.
pub fn file_name(response: bool, iso3: &str, entity: &str, date: &str) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let s = s
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if s.is_empty() {
            "x".to_string()
        } else {
            s
        }
    };
    let kind = if response {
        "GCM-contribution-response"
    } else {
        "GCM-contribution"
    };
    format!(
        "{kind}_{}_{}_{}.zip",
        clean(iso3),
        clean(entity),
        clean(date)
    )
}

/// Builds a request's zip, its manifest signed with the coordinator's `key`; `public_key` is
/// that key's JWK (with its `kid`, and the endorsement by a replaced key, if any).
pub fn build_request(
    request: &Request,
    key: &SigningKey,
    public_key: &Value,
) -> Result<Vec<u8>, ContribError> {
    let summary = json!({
        "id": request.id,
        "review": request.review.id,
        "revision": request.review.revision,
        "entity": request.entity.id,
        "kid": key.kid(),
    });
    let readme = format!(
        "Contribution request: voluntary GCM review, {state}, {cycle}
==============================================================

{coordinator} ({ministry}) asks {entity} to contribute to the review: the
fields listed in request.json under \"fields\", due {due}.

Open this file in GCM Review Desk (Open contribution request..., or
'gcm-review open-request FILE'): only the assigned fields can be edited, and
'Return contribution' writes the signed response to send back.

Signed with the key {fingerprint}:
confirm it with the coordinator by a channel you trust. manifest.json holds
the SHA-256 of every other file, signed (RFC 7515 detached JWS, EdDSA, over
the RFC 8785 canonical JSON of its \"manifest\" member).
",
        state = request.review.member_state,
        cycle = request.review.cycle,
        coordinator = request.coordinator.name,
        ministry = request.coordinator.ministry,
        entity = request.entity.name,
        due = request.due.as_deref().unwrap_or("when convenient"),
        fingerprint = fingerprint_groups(&key.kid()).unwrap_or_default(),
    );
    let content = Content {
        format: REQUEST_FORMAT,
        member: REQUEST_NAME,
        summary_name: "request",
        created: &request.created,
    };
    build(&content, request, summary, &readme, key, public_key)
}

/// Builds a response's zip, its manifest signed with the contributor's `key`.
pub fn build_response(
    response: &Response,
    key: &SigningKey,
    public_key: &Value,
) -> Result<Vec<u8>, ContribError> {
    let summary = json!({
        "request": response.request,
        "review": response.review,
        "baseRevision": response.base_revision,
        "entity": response.entity.id,
        "kid": key.kid(),
    });
    let readme = format!(
        "Contribution response: {entity}
==============================================================

{name} returns {entity}'s contribution to request {request}:
{count} changed field(s) in response.json under \"fields\".

Open it in GCM Review Desk on the coordinator's computer (Contributions,
Merge response..., or 'gcm-review merge REVIEW FILE'): nothing is applied
before the preview is confirmed.

Signed with the key {fingerprint}. manifest.json holds the SHA-256 of every
other file, signed (RFC 7515 detached JWS, EdDSA, over the RFC 8785
canonical JSON of its \"manifest\" member).
",
        entity = response.entity.name,
        name = response.contributor.name,
        request = response.request,
        count = response.fields.len(),
        fingerprint = fingerprint_groups(&key.kid()).unwrap_or_default(),
    );
    let content = Content {
        format: RESPONSE_FORMAT,
        member: RESPONSE_NAME,
        summary_name: "response",
        created: &response.returned,
    };
    build(&content, response, summary, &readme, key, public_key)
}

/// What differs between the two kinds of file.
struct Content<'a> {
    format: &'static str,
    member: &'static str,
    summary_name: &'static str,
    created: &'a str,
}

fn build(
    content: &Content<'_>,
    body: &impl Serialize,
    summary: Value,
    readme: &str,
    key: &SigningKey,
    public_key: &Value,
) -> Result<Vec<u8>, ContribError> {
    let write = |e: &dyn std::fmt::Display| ContribError::Write(e.to_string());
    let body = serde_json::to_value(body).map_err(|e| write(&e))?;
    let body = to_pretty(&body).map_err(|e| write(&e))?;
    let key_bytes = to_pretty(public_key).map_err(|e| write(&e))?;
    let members: [(String, Role, &[u8]); 3] = [
        (content.member.to_string(), Role::Contribution, &body),
        (PUBLIC_KEY_NAME.to_string(), Role::PublicKey, &key_bytes),
        (README_NAME.to_string(), Role::Readme, readme.as_bytes()),
    ];
    let mut manifest = json!({
        "format": content.format,
        "created": content.created,
        "files": members.iter().map(|(name, role, bytes)| json!({
            "name": name,
            "role": role.as_str(),
            "size": bytes.len(),
            "sha256": hex_sha256(bytes),
        })).collect::<Vec<_>>(),
    });
    manifest[content.summary_name] = summary;
    let manifest = sign_manifest(&manifest, key)?;
    let all: Vec<(String, Role, &[u8])> = std::iter::once((
        MANIFEST_NAME.to_string(),
        Role::Manifest,
        manifest.as_slice(),
    ))
    .chain(members.iter().map(|(n, r, b)| (n.clone(), *r, *b)))
    .collect();
    Ok(write_zip(&all, content.created)?)
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_are_safe_and_as_documented() {
        assert_eq!(
            file_name(false, "KEN", "ministry-of-labour", "2026-03-02"),
            "GCM-contribution_KEN_ministry-of-labour_2026-03-02.zip"
        );
        assert_eq!(
            file_name(true, "KEN", "../../etc/ passwd", "2026-03-02"),
            "GCM-contribution-response_KEN_etc-passwd_2026-03-02.zip"
        );
    }
}
