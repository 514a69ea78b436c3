//! Generators the property tests share (`prop_*` tests, next to what each one tests): the case
//! count, hostile strings, JSON values and key presses. A property runs `PROPTEST_CASES` cases
//! (64 when unset, so that `cargo test` stays quick); the README says how to run long.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::app::keymap::{BINDINGS, KeySpec};

/// Cases per property: `PROPTEST_CASES`, or a few dozen for the everyday suite.
pub(crate) fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64);
    Config { cases, ..Config::default() }
}

/// Characters that break terminals and layouts: C0 and C1 controls, ESC sequences' pieces,
/// bidi overrides, zero-width and wide characters, combining marks, emoji with variation
/// selectors, and the odd surrogate-adjacent code point.
const NASTY: &[char] = &[
    '\u{0}',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\r',
    '\u{b}',
    '\u{c}',
    '\u{1b}',
    '\u{7f}',
    '\u{80}',
    '\u{85}',
    '\u{90}',
    '\u{9b}',
    '\u{9c}',
    '\u{9d}',
    '\u{9f}',
    '[',
    ']',
    '\\',
    ';',
    'P',
    '_',
    '^',
    '(',
    'm',
    '\u{200b}',
    '\u{200d}',
    '\u{200e}',
    '\u{202e}',
    '\u{2066}',
    '\u{2069}',
    '\u{061c}',
    '\u{feff}',
    '\u{fe0f}',
    '\u{fe0e}',
    '\u{301}',
    '\u{2764}',
    '\u{1f600}',
    '\u{1f1eb}',
    '東',
    '京',
    'ｱ',
    '\u{3000}',
    '\u{ad}',
    '\u{fffd}',
    '\u{e000}',
    '\u{10ffff}',
    '\u{2028}',
    '\u{2029}',
    'é',
    ' ',
    'a',
    'Z',
    '0',
    '"',
    '{',
    '}',
    ':',
    ',',
    '-',
    '#',
];

/// A string mixing hostile characters with any character at all.
pub(crate) fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    let one = prop_oneof![4 => proptest::sample::select(NASTY), 1 => any::<char>()];
    proptest::collection::vec(one, 0..max).prop_map(|cs| cs.into_iter().collect())
}

/// Any JSON value, nested a few levels, with hostile strings and edge numbers.
pub(crate) fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        proptest::sample::select(vec![0i64, -1, 1, i64::MAX, i64::MIN, i64::from(i32::MAX) + 1]).prop_map(Value::from),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        nasty_string(12).prop_map(Value::String),
        proptest::sample::select(vec![
            "2025-06-01T10:00:00Z",
            "2025-06-01T10:00:00.123456+02:00",
            "1s",
            "3.5s",
            "-1",
            "12",
            "9223372036854775808",
            "00000000-0000-0000-0000-000000000000",
            "true",
            "null",
            "",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(field_name(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Object keys: mostly the field names the wire types use, so values land where decoders
/// look, and now and then anything.
fn field_name() -> impl Strategy<Value = String> {
    const NAMES: &[&str] = &[
        "id",
        "name",
        "uuid",
        "type",
        "description",
        "enabled",
        "group",
        "group_id",
        "group_name",
        "admins",
        "users",
        "username",
        "fullname",
        "email",
        "admin",
        "created",
        "modified",
        "last_audit",
        "first_audit",
        "triggered_by",
        "event_type",
        "action_id",
        "data_type",
        "data_before",
        "data_after",
        "parameters",
        "requirements",
        "value",
        "token",
        "expiration",
        "creator",
        "result",
        "details",
        "totalResult",
        "timeout",
        "allowedToFail",
        "state",
        "script",
        "actionId",
        "creationDate",
        "changeDate",
        "resourceOwner",
        "sequence",
        "actions",
        "groups",
        "members",
        "cpf",
        "nome",
        "message",
        "error",
        "code",
        "detail",
        "status",
        "title",
        "urgency",
        "due_date",
        "action_type",
        "is_silenced",
        "silenced_until",
        "corrective_actions",
        "label",
        "project_name",
        "organization_name",
        "count",
        "total",
        "by_urgency",
        "by_type",
        "overdue",
        "results",
        "executed_at",
        "success",
        "error_message",
        "execution_metadata",
        "correlation",
        "uuid_error",
        "permission",
        "endpoints",
        "editable",
        "deprecated",
        "version",
        "steps",
        "event",
        "creationDate",
        "editor",
        "payload",
    ];
    prop_oneof![8 => proptest::sample::select(NAMES).prop_map(str::to_string), 1 => nasty_string(6)]
}

/// Every key any default binding uses, as a terminal reports it (an upper-case letter comes
/// with SHIFT), in every scope.
pub(crate) fn bound_keys() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter())
        .filter_map(|k| KeySpec::parse(k).ok())
        .map(|spec| {
            let mut mods = KeyModifiers::NONE;
            if spec.ctrl {
                mods |= KeyModifiers::CONTROL;
            }
            if spec.alt {
                mods |= KeyModifiers::ALT;
            }
            if matches!(spec.code, KeyCode::Char(c) if c.is_ascii_uppercase()) || spec.code == KeyCode::BackTab {
                mods |= KeyModifiers::SHIFT;
            }
            KeyEvent::new(spec.code, mods)
        })
        .collect();
    keys.sort_by_key(|k| format!("{k:?}"));
    keys.dedup();
    keys
}

/// A key press: mostly bound keys, then what an operator types into prompts (letters, digits,
/// Backspace), then anything at all with any modifiers, repeats and releases.
pub(crate) fn key_event() -> impl Strategy<Value = KeyEvent> {
    let typed = proptest::sample::select(&b"abcdefghijklmnopqrstuvwxyz0123456789 -_./~:"[..])
        .prop_map(|c| KeyEvent::new(KeyCode::Char(char::from(c)), KeyModifiers::NONE));
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        (1u8..=24).prop_map(KeyCode::F),
        proptest::sample::select(vec![
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Null,
            KeyCode::CapsLock,
            KeyCode::Menu,
        ]),
    ];
    let kind = proptest::sample::select(vec![KeyEventKind::Press, KeyEventKind::Repeat, KeyEventKind::Release]);
    let random = (code, any::<u8>(), kind)
        .prop_map(|(c, m, k)| KeyEvent::new_with_kind(c, KeyModifiers::from_bits_truncate(m), k));
    prop_oneof![12 => proptest::sample::select(bound_keys()), 4 => typed, 1 => random]
}
