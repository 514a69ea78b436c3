//! The JSON the real service sends: FastAPI's compact `json.dumps` with non-ASCII kept, and
//! Python's `isoformat()` timestamps (`2026-12-02T05:00:58.976691+00:00`, no fraction at all
//! when it is zero).

use jiff::Timestamp;
use serde::{Serialize, Serializer};

pub fn python_iso(ts: Timestamp) -> String {
    let whole = Timestamp::from_second(ts.as_second()).unwrap_or(ts);
    let base = whole.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let micros = ts.as_microsecond().rem_euclid(1_000_000);
    if micros == 0 { format!("{base}+00:00") } else { format!("{base}.{micros:06}+00:00") }
}

fn iso<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&python_iso(*ts))
}

#[derive(Serialize)]
pub struct ActionOut<'a> {
    pub id: i64,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub endpoint_count: usize,
}

#[derive(Serialize)]
pub struct ActionListOut<'a> {
    pub actions: Vec<ActionOut<'a>>,
    pub total: usize,
    pub skip: i64,
    pub limit: i64,
}

#[derive(Serialize)]
pub struct MappingOut<'a> {
    pub id: i64,
    pub path_pattern: &'a str,
    pub method: &'a str,
    pub action: &'a str,
    pub description: Option<&'a str>,
    pub created_by: Option<&'a str>,
    #[serde(serialize_with = "iso")]
    pub created_at: Timestamp,
    #[serde(serialize_with = "iso")]
    pub updated_at: Timestamp,
}

#[derive(Serialize)]
pub struct ResolutionOut<'a> {
    pub mapping_id: i64,
    pub action: &'a str,
    pub path_pattern: &'a str,
    pub method: &'a str,
    pub description: Option<&'a str>,
}

#[derive(Serialize)]
pub struct GroupOut<'a> {
    pub id: i64,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub created_by: Option<&'a str>,
    #[serde(serialize_with = "iso")]
    pub created_at: Timestamp,
}

#[derive(Serialize)]
pub struct MemberOut<'a> {
    pub subject: &'a str,
    pub display_name: Option<&'a str>,
    #[serde(serialize_with = "iso")]
    pub joined_at: Timestamp,
    pub added_by: Option<&'a str>,
}

#[derive(Serialize)]
pub struct MemberAddedOut<'a> {
    pub status: &'static str,
    pub group: &'a str,
    pub subject: &'a str,
}

#[derive(Serialize)]
pub struct UserOut<'a> {
    pub id: i64,
    pub cpf: &'a str,
    pub display_name: Option<&'a str>,
    pub groups: Vec<&'a str>,
    pub roles: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct Liveness {
    pub status: &'static str,
    pub service: &'static str,
    pub timestamp: String,
}

#[derive(Serialize)]
pub struct Checks {
    pub database: bool,
    pub cache: bool,
    pub cerbos: bool,
    pub overall: bool,
}

#[derive(Serialize)]
pub struct Readiness {
    pub status: &'static str,
    pub checks: Checks,
    pub service: &'static str,
    pub timestamp: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_pythons_isoformat() {
        let t: Timestamp = "2026-12-02T05:00:58.976691Z".parse().expect("ts");
        assert_eq!(python_iso(t), "2026-12-02T05:00:58.976691+00:00");
        let t: Timestamp = "2026-12-02T05:00:58.000040Z".parse().expect("ts");
        assert_eq!(python_iso(t), "2026-12-02T05:00:58.000040+00:00");
        let t: Timestamp = "2026-12-02T05:00:58Z".parse().expect("ts");
        assert_eq!(python_iso(t), "2026-12-02T05:00:58+00:00");
    }
}
