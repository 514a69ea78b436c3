//! Unsigned JWTs. The real service decodes the token's claims without checking signature or
//! expiry (its gateway is trusted), so the demo does the same, and its tokens carry no
//! signature at all.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// `header.payload.` with `alg: none`: a token any claims can be put in, for tests.
pub fn unsigned_jwt(claims: &Value) -> String {
    let header = json!({"alg": "none", "typ": "JWT"});
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap_or_default());
    format!("{}.{}.", part(&header), part(claims))
}

/// The claims of `header.payload.signature`, when both JSON parts decode to objects.
pub fn claims(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let object = |part: &str| {
        let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
        serde_json::from_slice::<Value>(&bytes).ok().filter(Value::is_object)
    };
    object(header)?;
    object(payload)
}

/// Claims of a Keycloak user token for `cpf`; `admin` adds the `heimdall-admin` client role.
pub fn keycloak_claims(cpf: &str, name: &str, admin: bool) -> Value {
    let roles: Vec<&str> = if admin { vec!["heimdall-admin"] } else { vec!["viewer"] };
    json!({
        "sub": format!("demo-{cpf}"),
        "preferred_username": cpf,
        "name": name,
        "iss": "http://127.0.0.1/realms/demo",
        "aud": "account",
        "iat": 1_796_187_654_i64,
        "exp": 2_111_547_654_i64,
        "resource_access": {"superapp": {"roles": roles}},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let t = unsigned_jwt(&json!({"preferred_username": "52998224725"}));
        assert_eq!(t.matches('.').count(), 2);
        assert_eq!(claims(&t), Some(json!({"preferred_username": "52998224725"})));
        // The recordings' tokens carry a (fake) signature and padding-free parts.
        let recorded = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAieCIsICJuYW1lIjogIk5vIENQRiJ9.c2ln";
        assert_eq!(claims(recorded), Some(json!({"sub": "x", "name": "No CPF"})));
        assert_eq!(claims("not-a-jwt"), None);
        assert_eq!(claims("a.b.c.d"), None);
        assert_eq!(claims(&format!("{}.{}.", URL_SAFE_NO_PAD.encode("{}"), URL_SAFE_NO_PAD.encode("[1]"))), None);
    }
}
