//! DRF's `OrderingFilter` over PostgreSQL semantics (docs/wire-waldur.md): `urgency` is a text
//! column, so it sorts alphabetically (`-urgency` gives medium, low, high); NULLs are larger
//! than any value (last ascending, first descending). Ties keep storage order, which stands in
//! for PostgreSQL's unspecified order.

use std::cmp::Ordering;

use super::model::{ExecutionRow, UserActionRow};
use crate::query::QueryDict;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Term<F> {
    pub field: F,
    pub descending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionField {
    Urgency,
    DueDate,
    Created,
    Modified,
    ActionType,
}

impl ActionField {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "urgency" => Self::Urgency,
            "due_date" => Self::DueDate,
            "created" => Self::Created,
            "modified" => Self::Modified,
            "action_type" => Self::ActionType,
            _ => return None,
        })
    }
}

pub const DEFAULT_ACTION_ORDER: [Term<ActionField>; 3] = [
    Term { field: ActionField::Urgency, descending: true },
    Term { field: ActionField::DueDate, descending: false },
    Term { field: ActionField::Created, descending: true },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExecutionField {
    Id,
    Label,
    ExecutedAt,
    Success,
    ErrorMessage,
    Metadata,
}

impl ExecutionField {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "id" => Self::Id,
            "corrective_action_label" => Self::Label,
            "executed_at" => Self::ExecutedAt,
            "success" => Self::Success,
            "error_message" => Self::ErrorMessage,
            "execution_metadata" => Self::Metadata,
            _ => return None,
        })
    }
}

pub const DEFAULT_EXECUTION_ORDER: [Term<ExecutionField>; 1] =
    [Term { field: ExecutionField::ExecutedAt, descending: true }];

/// `o=a,-b`: unknown names are dropped; if nothing valid remains the default applies.
fn parse_terms<F: Copy>(q: &QueryDict, lookup: impl Fn(&str) -> Option<F>, default: &[Term<F>]) -> Vec<Term<F>> {
    let terms: Vec<Term<F>> = q
        .get("o")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter_map(|t| {
            let (descending, name) = match t.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, t),
            };
            lookup(name).map(|field| Term { field, descending })
        })
        .collect();
    if terms.is_empty() { default.to_vec() } else { terms }
}

pub fn action_order(q: &QueryDict) -> Vec<Term<ActionField>> {
    parse_terms(q, ActionField::parse, &DEFAULT_ACTION_ORDER)
}

pub fn execution_order(q: &QueryDict) -> Vec<Term<ExecutionField>> {
    parse_terms(q, ExecutionField::parse, &DEFAULT_EXECUTION_ORDER)
}

/// PostgreSQL: NULL sorts after every value.
fn nulls_last<T: Ord>(a: &Option<T>, b: &Option<T>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(y),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
    }
}

fn directed(ord: Ordering, descending: bool) -> Ordering {
    if descending { ord.reverse() } else { ord }
}

pub fn compare_actions(a: &UserActionRow, b: &UserActionRow, terms: &[Term<ActionField>]) -> Ordering {
    for t in terms {
        let ord = match t.field {
            ActionField::Urgency => a.urgency.as_str().cmp(b.urgency.as_str()),
            ActionField::DueDate => nulls_last(&a.due_date, &b.due_date),
            ActionField::Created => a.created.cmp(&b.created),
            ActionField::Modified => a.modified.cmp(&b.modified),
            ActionField::ActionType => a.action_type.cmp(&b.action_type),
        };
        let ord = directed(ord, t.descending);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

pub fn compare_executions(a: &ExecutionRow, b: &ExecutionRow, terms: &[Term<ExecutionField>]) -> Ordering {
    for t in terms {
        let ord = match t.field {
            ExecutionField::Id => a.id.cmp(&b.id),
            ExecutionField::Label => a.corrective_action_label.cmp(&b.corrective_action_label),
            ExecutionField::ExecutedAt => a.executed_at.cmp(&b.executed_at),
            ExecutionField::Success => a.success.cmp(&b.success),
            ExecutionField::ErrorMessage => a.error_message.cmp(&b.error_message),
            ExecutionField::Metadata => a.execution_metadata.cmp(&b.execution_metadata),
        };
        let ord = directed(ord, t.descending);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waldur::model::Urgency;
    use jiff::Timestamp;
    use uuid::Uuid;

    fn row(id: u128, urgency: Urgency, due: Option<&str>) -> UserActionRow {
        let mut r = UserActionRow::new(Uuid::from_u128(id), "x", "t", Timestamp::UNIX_EPOCH);
        r.urgency = urgency;
        r.due_date = due.map(|d| d.parse().expect("ts"));
        r
    }

    fn sorted(rows: &[UserActionRow], o: &str) -> Vec<u128> {
        let terms = action_order(&QueryDict::parse(Some(o)));
        let mut v: Vec<&UserActionRow> = rows.iter().collect();
        v.sort_by(|a, b| compare_actions(a, b, &terms));
        v.iter().map(|r| r.uuid.as_u128()).collect()
    }

    #[test]
    fn urgency_sorts_as_text() {
        let rows = [row(1, Urgency::High, None), row(2, Urgency::Low, None), row(3, Urgency::Medium, None)];
        assert_eq!(sorted(&rows, ""), vec![3, 2, 1], "default -urgency: medium, low, high");
        assert_eq!(sorted(&rows, "o=urgency"), vec![1, 2, 3], "urgency: high, low, medium");
    }

    #[test]
    fn null_due_dates_are_last_ascending_and_first_descending() {
        let rows = [
            row(1, Urgency::Low, None),
            row(2, Urgency::Low, Some("2025-01-02T00:00:00Z")),
            row(3, Urgency::Low, Some("2025-01-01T00:00:00Z")),
        ];
        assert_eq!(sorted(&rows, "o=due_date"), vec![3, 2, 1]);
        assert_eq!(sorted(&rows, "o=-due_date"), vec![1, 2, 3]);
    }

    #[test]
    fn invalid_names_are_dropped_and_an_empty_result_means_default() {
        let q = |o: &str| action_order(&QueryDict::parse(Some(o)));
        assert_eq!(q("o=nope,-created"), vec![Term { field: ActionField::Created, descending: true }]);
        assert_eq!(q("o=nope"), DEFAULT_ACTION_ORDER.to_vec());
        assert_eq!(q("o="), DEFAULT_ACTION_ORDER.to_vec());
        assert_eq!(q("o=--created"), DEFAULT_ACTION_ORDER.to_vec());
        assert_eq!(
            execution_order(&QueryDict::parse(Some("o=success, -id"))),
            vec![
                Term { field: ExecutionField::Success, descending: false },
                Term { field: ExecutionField::Id, descending: true }
            ]
        );
    }
}
