//! Every response recorded from a real Heimdall, decoded through the client's own answer
//! path (`one`, `many`, `none`): success bodies into the wire type of their route, errors
//! into explained `ApiError`s.

use std::collections::BTreeMap;

use super::recording::{self, Recording};
use crate::backends::heimdall::client::{ActionPages, HeimdallClient, Op, exact_mappings};
use crate::backends::heimdall::wire::{
    Action, ActionList, AddMemberAnswer, Group, Health, MappingDetail, Member, Resolution, User,
};
use crate::backends::http::{Auth, ServerOptions};
use crate::domain::error::ApiError;
use crate::domain::secret::Secret;

#[derive(Debug)]
enum Decoded {
    ActionList(ActionList),
    Action(Action),
    Mappings(Vec<MappingDetail>),
    Resolution(Resolution),
    Groups(Vec<Group>),
    Members(Vec<Member>),
    Added(AddMemberAnswer),
    User(User),
    Health(Health),
    Empty,
    Failed(ApiError),
}

fn client() -> HeimdallClient {
    let opts = ServerOptions::new("https://services.example.com/heimdall-admin", Auth::Bearer(Secret::new("jwt")));
    HeimdallClient::new(&opts).expect("client")
}

/// The call that sends this request, by method and path (the trailing slash ignored: the
/// recordings include requests sent with the wrong one on purpose).
fn op_of(r: &Recording) -> Op {
    let path = r.request.path().trim_end_matches('/');
    let parts: Vec<&str> = path.strip_prefix("/api/v1/").unwrap_or("").split('/').collect();
    match (r.request.method.as_str(), parts.as_slice()) {
        ("GET", ["actions"]) => Op::ListActions,
        ("POST", ["actions"]) => Op::CreateAction,
        ("GET", ["actions", _]) => Op::GetAction,
        ("PUT", ["actions", _]) => Op::UpdateAction,
        ("DELETE", ["actions", _]) => Op::DeleteAction,
        ("GET", ["mappings", "list"]) => Op::Mappings,
        ("GET", ["mappings"]) => Op::Resolve,
        ("GET", ["groups"]) => Op::ListGroups,
        ("POST", ["groups"]) => Op::CreateGroup,
        ("DELETE", ["groups", _]) => Op::DeleteGroup,
        ("GET", ["groups", _, "members"]) => Op::Members,
        ("POST", ["groups", _, "members"]) => Op::AddMember,
        ("DELETE", ["groups", _, "members", _]) => Op::RemoveMember,
        ("GET", ["users", "me"]) => Op::Me,
        ("GET", ["readyz"] | ["healthz"]) => Op::Ready,
        _ => Op::Other,
    }
}

fn decode(c: &HeimdallClient, r: &Recording) -> Decoded {
    let resp = &r.response;
    let op = op_of(r);
    let result = match op {
        Op::ListActions => c.one(resp, op).map(Decoded::ActionList),
        Op::GetAction | Op::CreateAction | Op::UpdateAction => c.one(resp, op).map(Decoded::Action),
        Op::Mappings => c.many(resp, op).map(Decoded::Mappings),
        Op::Resolve => c.one(resp, op).map(Decoded::Resolution),
        Op::ListGroups => c.many(resp, op).map(Decoded::Groups),
        Op::CreateGroup => c.one(resp, op).map(|g: Group| Decoded::Groups(vec![g])),
        Op::Members => c.many(resp, op).map(Decoded::Members),
        Op::AddMember => c.one(resp, op).map(Decoded::Added),
        Op::Me => c.one(resp, op).map(Decoded::User),
        Op::Ready => c.one(resp, op).map(Decoded::Health),
        Op::DeleteAction | Op::DeleteGroup | Op::RemoveMember => c.none(resp, op).map(|()| Decoded::Empty),
        // No route of ours: only its error matters.
        Op::Other => c.none(resp, op).map(|()| Decoded::Empty),
    };
    result.unwrap_or_else(Decoded::Failed)
}

fn decoded_all() -> BTreeMap<u32, (Recording, Decoded)> {
    let c = client();
    recording::all().into_iter().map(|r| (r.number, (r.clone(), decode(&c, &r)))).collect()
}

fn raw_json(r: &Recording) -> serde_json::Value {
    serde_json::from_slice(&r.response.body).unwrap_or_else(|e| panic!("{}: body is not JSON: {e}", r.name))
}

fn array_len(v: &serde_json::Value) -> usize {
    v.as_array().map_or(usize::MAX, Vec::len)
}

#[test]
fn all_81_recordings_are_read_and_numbered_once() {
    let all = recording::all();
    assert_eq!(all.len(), 81);
    let numbers: Vec<u32> = all.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=81).collect::<Vec<_>>());
}

/// Success statuses decode, with no row lost; every error keeps its status, has a readable
/// cleaned message and a hint.
#[test]
fn every_response_decodes_through_the_client_path() {
    for (_, (r, d)) in decoded_all() {
        let name = &r.name;
        let status = r.response.status;
        match &d {
            Decoded::Failed(e) => {
                assert!(!(200..300).contains(&status), "{name}: a {status} failed: {e}");
                assert_eq!(e.status(), Some(status), "{name}: {e:?}");
                let (ApiError::Status(s) | ApiError::Refused(s)) = e else {
                    panic!("{name}: not a status error: {e:?}")
                };
                assert!(!s.message.is_empty(), "{name}: no message");
                assert!(!s.message.chars().any(char::is_control), "{name}: {:?}", s.message);
                assert!(e.hint().is_some_and(|h| !h.is_empty()), "{name}: no hint for {e}");
            }
            _ => assert!((200..300).contains(&status), "{name}: a {status} decoded as success: {d:?}"),
        }
        match &d {
            Decoded::ActionList(l) => {
                let raw = raw_json(&r);
                assert_eq!(l.actions.len(), array_len(&raw["actions"]), "{name}");
                assert_eq!(l.total, raw["total"].as_i64(), "{name}");
                assert!(l.actions.iter().all(|a| a.id > 0 && !a.name.raw().is_empty()), "{name}");
            }
            Decoded::Mappings(m) => {
                assert_eq!(m.len(), array_len(&raw_json(&r)), "{name}");
                assert!(m.iter().all(|m| m.created_at.is_some() && m.updated_at.is_some()), "{name}: {m:?}");
            }
            Decoded::Groups(g) => {
                assert_eq!(g.len(), array_len(&raw_json(&r)), "{name}");
                assert!(g.iter().all(|g| g.created_at.is_some() && g.created_by.is_some()), "{name}");
            }
            Decoded::Members(m) => {
                assert_eq!(m.len(), array_len(&raw_json(&r)), "{name}");
                assert!(m.iter().all(|m| m.joined_at.is_some() && m.subject.raw().len() == 11), "{name}");
            }
            Decoded::Action(a) => assert!(a.id > 0 && !a.name.raw().is_empty(), "{name}: {a:?}"),
            Decoded::Added(a) => assert_eq!(&*a.status, "member_added", "{name}"),
            Decoded::User(u) => assert_eq!(u.cpf.len(), 11, "{name}"),
            Decoded::Health(h) => assert!(h.timestamp.is_some() && !h.service.is_empty(), "{name}"),
            Decoded::Resolution(res) => assert!(res.mapping_id > 0, "{name}"),
            Decoded::Empty => assert!(r.response.body.is_empty(), "{name}"),
            Decoded::Failed(_) => {}
        }
    }
}

fn get(all: &BTreeMap<u32, (Recording, Decoded)>, n: u32) -> &Decoded {
    &all.get(&n).unwrap_or_else(|| panic!("no recording {n}")).1
}

fn failure(all: &BTreeMap<u32, (Recording, Decoded)>, n: u32) -> (ApiError, String, String) {
    match get(all, n) {
        Decoded::Failed(e @ (ApiError::Status(s) | ApiError::Refused(s))) => {
            (e.clone(), s.message.clone(), s.hint.clone().unwrap_or_default())
        }
        other => panic!("recording {n} should have failed: {other:?}"),
    }
}

#[test]
fn action_lists_and_paging() {
    let all = decoded_all();
    let Decoded::ActionList(default) = get(&all, 1) else { panic!("01") };
    assert_eq!((default.actions.len(), default.total, default.limit), (50, Some(130), 50));

    // Two pages of 100 make the whole catalog, read once per id and sorted by name.
    let mut pages = ActionPages::default();
    let Decoded::ActionList(p1) = get(&all, 2) else { panic!("02") };
    let Decoded::ActionList(p2) = get(&all, 3) else { panic!("03") };
    assert_eq!(pages.add(p1.clone()), Some(100));
    assert_eq!(pages.add(p2.clone()), None);
    assert!(!pages.moved());
    let rows = pages.into_sorted();
    assert_eq!(rows.len(), 130);
    assert_eq!(rows.first().map(|a| a.name.raw()), Some("alert:approve"));
    assert!(rows.windows(2).all(|w| w[0].name < w[1].name));

    let Decoded::ActionList(past) = get(&all, 4) else { panic!("04") };
    assert_eq!((past.actions.len(), past.total, past.skip), (0, Some(130), 200));
    assert_eq!(ActionPages::default().add(past.clone()), None);

    // After an update the row leaves page 1 and comes last (no ORDER BY).
    let Decoded::ActionList(after) = get(&all, 65) else { panic!("65") };
    assert!(after.actions.iter().all(|a| a.id != 2));
    let Decoded::ActionList(tail) = get(&all, 66) else { panic!("66") };
    let last = tail.actions.last().expect("a tail");
    assert_eq!((last.id, last.description.as_deref()), (2, Some("List user resources (updated)")));
    // Page 1 read before the update plus the tail read after it: id 2 twice, kept once (the
    // newer copy), and the rows in between missing, so the list counts as moved.
    let mut pages = ActionPages::default();
    pages.add(p1.clone());
    pages.add(tail.clone());
    assert!(pages.moved());
    let rows = pages.into_sorted();
    assert_eq!(rows.iter().filter(|a| a.id == 2).count(), 1);
    assert_eq!(
        rows.iter().find(|a| a.id == 2).and_then(|a| a.description.as_deref()),
        Some("List user resources (updated)")
    );
}

#[test]
fn single_actions_keep_a_null_description_apart() {
    let all = decoded_all();
    let Decoded::Action(a) = get(&all, 10) else { panic!("10") };
    assert_eq!(
        (a.id, a.name.raw(), a.description.as_deref(), a.endpoint_count),
        (1, "user:read", Some("Read user resources"), 3)
    );
    let Decoded::Action(a) = get(&all, 11) else { panic!("11") };
    assert_eq!((a.id, a.name.raw(), a.description.as_deref()), (130, "invoice:audit", None));
    let Decoded::Action(created) = get(&all, 67) else { panic!("67") };
    assert_eq!((created.id, created.endpoint_count), (131, 0));
}

#[test]
fn mappings_keep_only_the_exact_action() {
    let all = decoded_all();
    let Decoded::Mappings(user_read) = get(&all, 22) else { panic!("22") };
    let kept = exact_mappings("user:read", user_read.clone());
    let paths: Vec<&str> = kept.iter().map(|m| &*m.path_pattern).collect();
    assert_eq!(paths, ["/api/v1/users/", "/api/v1/users/me", "/api/v1/users/{user_id}"]);
    assert_eq!(kept[1].description, None);
    assert_eq!(kept[0].created_by.as_deref(), Some("11111111111"));

    // `read` is a substring of two actions on the server; none is named exactly that.
    let Decoded::Mappings(substring) = get(&all, 23) else { panic!("23") };
    assert_eq!(substring.len(), 4);
    assert!(substring.iter().any(|m| m.action == "dataset:read"));
    assert!(exact_mappings("read", substring.clone()).is_empty());
    assert_eq!(exact_mappings("user:read", substring.clone()).len(), 3);
    assert_eq!(exact_mappings("dataset:read", substring.clone()).len(), 1);

    let Decoded::Mappings(none) = get(&all, 24) else { panic!("24") };
    assert!(none.is_empty());
    let Decoded::Resolution(res) = get(&all, 27) else { panic!("27") };
    assert_eq!(
        (res.mapping_id, res.action.raw(), &*res.method, res.description.as_deref()),
        (3, "user:read", "GET", None)
    );
}

#[test]
fn groups_members_and_users() {
    let all = decoded_all();
    let Decoded::Groups(groups) = get(&all, 28) else { panic!("28") };
    let names: Vec<&str> = groups.iter().map(|g| g.name.raw()).collect();
    assert_eq!(names, ["data_analysts:read", "empty_group", "engineering:backend", "ops_team"]);
    let Decoded::Groups(upper) = get(&all, 30) else { panic!("30") };
    assert!(upper.is_empty(), "the prefix filter is case-sensitive");

    let Decoded::Members(members) = get(&all, 33) else { panic!("33") };
    assert_eq!(members[0].subject.raw(), "44444444444");
    assert_eq!(members[0].display_name, None);
    assert_eq!(members[1].display_name.as_deref(), Some("Maria Member"));
    assert_eq!(members[1].added_by.as_deref(), Some("11111111111"));
    assert!(members[0].joined_at > members[1].joined_at);
    let Decoded::Members(encoded) = get(&all, 34) else { panic!("34") };
    assert_eq!(encoded, members);
    // Shown as the table shows CPFs, the member and who added them alike.
    let shown = crate::backends::heimdall::adapter::group_detail(&crate::app::source::Key::text("ops_team"), members);
    assert_eq!(shown.members[1].shown, "333.333.333-33");
    assert!(shown.members[1].detail.ends_with(" by 111.111.111-11"), "{}", shown.members[1].detail);

    let Decoded::Added(added) = get(&all, 40) else { panic!("40") };
    assert_eq!((added.group.raw(), added.subject.raw()), ("empty_group", "66666666666"));

    let Decoded::User(admin) = get(&all, 52) else { panic!("52") };
    assert!(admin.is_superadmin());
    assert_eq!(admin.display_name.as_deref(), Some("Admin Local"));
    let Decoded::User(member) = get(&all, 53) else { panic!("53") };
    let groups: Vec<&str> = member.groups.iter().map(|g| &**g).collect();
    assert_eq!(groups, ["engineering:backend", "ops_team"]);
    assert!(!member.is_superadmin());
    let Decoded::User(fresh) = get(&all, 20) else { panic!("20") };
    assert_eq!((fresh.id, &*fresh.cpf, fresh.display_name.as_deref()), (6, "77777777777", None));

    let Decoded::Health(ready) = get(&all, 75) else { panic!("75") };
    assert_eq!(ready.checks.get("cerbos"), Some(&true));
}

#[test]
fn no_content_answers_are_never_parsed() {
    let all = decoded_all();
    for n in [47, 48, 49, 50, 68] {
        let (r, d) = all.get(&n).expect("recorded");
        assert_eq!(r.response.content_type(), "application/json", "{}", r.name);
        assert!(matches!(d, Decoded::Empty), "{}: {d:?}", r.name);
    }
}

#[test]
fn errors_get_their_messages_and_hints() {
    let all = decoded_all();

    let (e, msg, hint) = failure(&all, 60);
    assert!(matches!(e, ApiError::Refused(_)) && !e.is_transient(), "{e:?}");
    assert_eq!(msg, "Failed to update action: 403: Insufficient permissions to update actions");
    assert_eq!(hint, "forbidden: you lack the permission (Heimdall reports this 403 inside a 500).");
    for n in [59, 61] {
        assert!(matches!(failure(&all, n).0, ApiError::Refused(_)), "{n}");
    }

    let (e, msg, hint) = failure(&all, 80);
    assert_eq!(msg, "not_ready: Cerbos health check failed (failing: cerbos)");
    assert!(e.is_transient() && hint.contains("not ready"), "{hint}");

    let (_, msg, hint) = failure(&all, 43);
    assert_eq!(msg, "Validation error: body[11]: JSON decode error (Expecting value)");
    assert!(hint.contains("body: JSON decode error"), "{hint}");
    let Decoded::Failed(ApiError::Status(_)) = get(&all, 43) else { panic!("43") };

    let (_, msg, hint) = failure(&all, 41);
    assert_eq!(msg, "Validation error: body.subject: String should match pattern '^[0-9]{11}$' (got \"123\")");
    assert!(hint.contains("subject: String should match") && hint.contains("11 digits"), "{hint}");
    let (_, msg, _) = failure(&all, 5);
    assert_eq!(msg, "Validation error: query.limit: Input should be less than or equal to 100 (got \"101\")");
    let (_, msg, _) = failure(&all, 42);
    assert_eq!(msg, "Validation error: body.subject: Field required");

    let (e, msg, hint) = failure(&all, 19);
    assert!(matches!(e, ApiError::Refused(_)), "{e:?}");
    assert!(msg.starts_with("User creation failed: JWT payload missing 'subject'"));
    assert!(hint.contains("preferred_username"), "{hint}");

    let (_, _, hint) = failure(&all, 9);
    assert!(hint.contains("trailing slash"), "{hint}");
    let (e, _, _) = failure(&all, 9);
    assert!(e.to_string().contains("http://127.0.0.1:28180/api/v1/actions/?skip=0&limit=100"), "{e}");

    let (_, msg, hint) = failure(&all, 71);
    assert_eq!(msg, "Invalid authentication credentials");
    assert!(hint.contains("exactly 'Bearer'") && hint.contains("expiry"), "{hint}");
    assert!(failure(&all, 21).2.contains("static API token"));
    assert!(failure(&all, 15).2.contains("No token"));
    assert!(failure(&all, 18).2.contains("No token"));
    assert!(failure(&all, 17).2.contains("Bearer scheme"));

    for n in [37, 38] {
        assert!(failure(&all, n).2.contains("group:view_members"), "{n}");
    }
    for n in [44, 45, 51] {
        assert!(failure(&all, n).2.contains("does not exist"), "{n}");
    }
    assert!(failure(&all, 36).2.contains("group does not exist"));
    assert!(failure(&all, 12).2.contains("action does not exist"));
    for n in [57, 58] {
        assert!(failure(&all, n).2.contains("action is gone"), "{n}");
    }
    assert!(failure(&all, 62).2.contains("already exists"));
    assert!(failure(&all, 69).2.contains("no such route"));
    assert!(failure(&all, 70).2.contains("not for this method"));

    for n in [76, 77] {
        let (e, msg, hint) = failure(&all, n);
        assert_eq!(msg, "Authorization service temporarily unavailable");
        assert!(e.is_transient() && hint.contains("30 s"), "{n}: {hint}");
    }
    let (e, msg, hint) = failure(&all, 78);
    assert!(msg.contains("Cerbos Authorization Service' is currently unavailable"));
    assert!(matches!(e, ApiError::Status(_)) && e.is_transient());
    assert!(hint.contains("(Cerbos) is down"), "{hint}");
}
