//! Who is in the demo CDS: fifteen users, seven groups and their memberships. The demo
//! operator (`jdoe`) administers `platform` and `data-eng`, is a plain member of `payments`
//! and is *not* in `shared.infra`, so the console can show permission errors; `mlambert`
//! only ever has member rights; `cds.admin` is a CDS administrator.

use super::model::{CdsGroup, CdsUser, DEFAULT_GROUP, Id, Member, SHARED_INFRA};

/// The demo operator, whose token `DemoServer::cds_token` returns.
pub const OPERATOR: &str = "jdoe";
/// A CDS administrator.
pub const ADMIN: &str = "cds.admin";
/// A user who is a plain member of `platform` and admin of nothing.
pub const MEMBER: &str = "mlambert";
/// Every seeded user's password for `POST /login`.
pub const PASSWORD: &str = "demo";

const USERS: [(&str, &str, bool); 15] = [
    (ADMIN, "CDS Administrator", true),
    (OPERATOR, "John Doe", false),
    (MEMBER, "Marie Lambert", false),
    ("asmith", "Alice Smith", false),
    ("bnguyen", "Bao Nguyen", false),
    ("cdubois", "Claire Dubois", false),
    ("dkowalski", "Dariusz Kowalski", false),
    ("efischer", "Eva Fischer", false),
    ("fgarcia", "Fernando García", false),
    ("gmuller", "Greta Müller", false),
    ("hsato", "Hiro Sato", false),
    ("ioconnor", "Ines O'Connor", false),
    ("jpetit", "Julien Petit", false),
    ("kandersen", "Karin Andersen", false),
    ("lrossi", "Luca Rossi", false),
];

/// (group, admins, plain members). The default group holds everyone, without admins.
const GROUPS: [(&str, &[&str], &[&str]); 6] = [
    (SHARED_INFRA, &["asmith"], &["bnguyen"]),
    ("platform", &[OPERATOR, "cdubois"], &[MEMBER, "lrossi", "bnguyen"]),
    ("data-eng", &[OPERATOR, "efischer"], &["dkowalski"]),
    ("payments", &["fgarcia"], &[OPERATOR, "gmuller"]),
    ("security", &["hsato"], &["ioconnor", "cdubois"]),
    ("mobile", &["jpetit"], &["kandersen"]),
];

pub fn users(mut token: impl FnMut() -> String) -> Vec<CdsUser> {
    USERS
        .iter()
        .zip(1..)
        .map(|((username, fullname, admin), id)| {
            let email_local = username.replace('.', "-");
            CdsUser {
                id,
                username: username.to_string(),
                fullname: fullname.to_string(),
                email: format!("{email_local}@example.com"),
                admin: *admin,
                origin: "local".into(),
                password: PASSWORD.into(),
                token: token(),
            }
        })
        .collect()
}

pub fn groups(users: &[CdsUser]) -> Vec<CdsGroup> {
    let id_of = |name: &str| users.iter().find(|u| u.username == name).map_or(0, |u| u.id);
    let mut out: Vec<CdsGroup> = GROUPS
        .iter()
        .zip(1..)
        .map(|((name, admins, members), id): (&(&str, &[&str], &[&str]), Id)| {
            let mut m: Vec<Member> = admins.iter().map(|u| Member { user: id_of(u), admin: true }).collect();
            m.extend(members.iter().map(|u| Member { user: id_of(u), admin: false }));
            CdsGroup { id: id * 10, name: name.to_string(), members: m }
        })
        .collect();
    out.push(CdsGroup {
        id: 5,
        name: DEFAULT_GROUP.into(),
        members: users.iter().map(|u| Member { user: u.id, admin: false }).collect(),
    });
    out
}
