//! Group tokens G11–G13: legacy worker and hatchery tokens. The secret is shown once,
//! in the generate answer; the table keeps a hash, which is what the list shows.

use base64::Engine;
use serde::Deserialize;

use super::errors::CdsError;
use super::model::{CdsGroup, GroupToken, Id};
use super::respond::{Answer, Handled};
use super::router::Ctx;
use super::state::CdsState;
use super::wire::WireToken;

pub(crate) fn wire_tokens(s: &CdsState, g: &CdsGroup, with_group_id: bool) -> Vec<WireToken> {
    s.tokens
        .iter()
        .filter(|t| t.group == g.id)
        .map(|t| WireToken {
            id: t.id,
            // Not read back by the list query.
            group_id: if with_group_id { g.id } else { 0 },
            group_name: g.name.clone(),
            token: t.hash.clone(),
            description: t.description.clone(),
            creator: t.creator.clone(),
            expiration: t.expiration,
            created: t.created,
        })
        .collect()
}

/// What the table stores for a secret: 64 bytes of a hash, base64. Not a real cryptographic
/// hash: it only has to look like one and never reveal the secret.
pub(crate) fn stored_hash(secret: &str) -> String {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for b in secret.bytes() {
        state = (state ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = Vec::with_capacity(64);
    for _ in 0..8 {
        // splitmix64 steps from the FNV seed.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_be_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(out)
}

fn group_of(s: &CdsState, name: &str) -> Result<Id, CdsError> {
    s.group(name).map(|g| g.id).ok_or_else(CdsError::group_not_found)
}

/// G11: group admins only; any other member gets 403 with a bare `null`, and a bypassing
/// caller who is not a member at all gets 500.
pub fn list(s: &mut CdsState, ctx: &Ctx<'_>, name: &str) -> Handled {
    let c = ctx.who()?;
    let id = group_of(s, name)?;
    let g = s.group_by_id(id).ok_or_else(CdsError::group_not_found)?;
    if !g.is_member(c.user) {
        return Err(CdsError::internal());
    }
    if !s.is_group_admin(&c, g) {
        return Ok(Answer::null(403));
    }
    Ok(Answer::ok(&wire_tokens(s, g, false)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GenerateBody {
    expiration: String,
    description: String,
}

/// G12: 200 with the secret, `id` 0 (not read back) and `group_id` set.
pub fn generate(s: &mut CdsState, ctx: &Ctx<'_>, name: &str) -> Handled {
    let c = ctx.who()?;
    let body: GenerateBody =
        serde_json::from_slice(&ctx.req.body).map_err(|e| CdsError::wrong_request().with_from(e.to_string()))?;
    let expiration = match body.expiration.as_str() {
        "session" => 1,
        "daily" => 2,
        "persistent" => 3,
        _ => return Err(CdsError::internal()),
    };
    let gid = group_of(s, name)?;
    let creator = s.user_by_id(c.user).map(|u| u.fullname.clone()).unwrap_or_default();
    let secret: String = (0..64).map(|_| char::from(b"0123456789abcdef"[s.rng.usize(..16)])).collect();
    let created = s.now_go();
    let id = s.fresh_id();
    s.tokens.push(GroupToken {
        id,
        group: gid,
        hash: stored_hash(&secret),
        description: body.description.clone(),
        creator: creator.clone(),
        expiration,
        created,
    });
    Ok(Answer::ok(&WireToken {
        id: 0,
        group_id: gid,
        group_name: name.to_string(),
        token: secret,
        description: body.description,
        creator,
        expiration,
        created,
    }))
}

/// G13: 200 `null`. The delete is by id alone, whatever the group; a bypassing caller who
/// is not a member gets 204 and nothing is deleted (the server's bug).
pub fn delete(s: &mut CdsState, ctx: &Ctx<'_>, name: &str, raw_id: &str) -> Handled {
    let c = ctx.who()?;
    let token_id: Id = raw_id.parse().map_err(|_| CdsError::wrong_request())?;
    let gid = group_of(s, name)?;
    let g = s.group_by_id(gid).ok_or_else(CdsError::group_not_found)?;
    if !g.is_member(c.user) {
        return Ok(Answer::NoContent);
    }
    if !s.is_group_admin(&c, g) {
        return Ok(Answer::null(403));
    }
    s.tokens.retain(|t| t.id != token_id);
    Ok(Answer::null(200))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_base64_and_hide_the_secret() {
        let h = stored_hash("abc");
        assert_eq!(h, stored_hash("abc"));
        assert_ne!(h, stored_hash("abd"));
        assert_eq!(h.len(), 88);
        assert!(!h.contains("abc"));
    }
}
