//! Pane 1: actions from every source at once (CDS, ZITADEL, Heimdall…). A row knows its
//! source; a poll of one source replaces only that source's rows, and its failure marks only
//! that source stale. The detail, the keys offered and the confirmations come from the row's
//! source.

mod dialogs;
mod edit;
mod results;
mod rows;

use std::collections::BTreeMap;

use jiff::Timestamp;

pub(crate) use dialogs::on_dialog;
pub(crate) use edit::{EditSession, EditTarget, on_edited};
pub(crate) use results::{on_done, start};
pub(crate) use rows::{ActionRow, ActionsCaps, Change, Sort, change_text};

use super::{Health, Offer, PaneUnit, list_offers};
use crate::app::dialog::Tone;
use crate::app::document::Document;
use crate::app::effect::Effect;
use crate::app::filter::{FilterBox, FilterChange};
use crate::app::freshness::Freshness;
use crate::app::keymap::{Command, Scope};
use crate::app::list::{List, Pager, Resync};
use crate::app::loaded::Loaded;
use crate::app::model::Model;
use crate::app::msg::{Feed, Payload};
use crate::app::source::{Key, SourceId};
use crate::domain::error::ApiError;

/// What an Actions dialog or request acts on, captured when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ActionTarget {
    pub(crate) source: SourceId,
    pub(crate) key: Key,
    pub(crate) name: String,
    /// The owning group or organisation, as dialogs name it.
    pub(crate) owner: Option<String>,
    pub(crate) server: String,
}

/// An open page about one action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) target: ActionTarget,
    pub(crate) doc: Loaded<Document>,
    pub(crate) pager: Pager,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum View {
    #[default]
    List,
    Detail(Page),
    Usage(Page),
}

#[derive(Debug, Clone)]
pub(crate) enum ActionsPurpose {
    ExportPath(ActionTarget),
    ExportOverwrite {
        target: ActionTarget,
        dest: std::path::PathBuf,
    },
    ImportPath {
        source: SourceId,
    },
    Delete(ActionTarget),
    Toggle {
        target: ActionTarget,
        active: bool,
    },
    /// The diff of an edit: Apply or Cancel.
    EditConfirm,
    /// The server changed the action while it was edited; `theirs` is its text now.
    EditConflict {
        theirs: String,
    },
    /// An edit was refused or did not parse: reopen the editor, or drop the text.
    EditFailed,
    /// Which group a new action goes to.
    NewOwner {
        source: SourceId,
        owners: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ActionsOp {
    Detail {
        target: ActionTarget,
        fresh: bool,
    },
    Usage(ActionTarget),
    Delete(ActionTarget),
    Toggle {
        target: ActionTarget,
        active: bool,
    },
    Export {
        target: ActionTarget,
        dest: std::path::PathBuf,
    },
    Import {
        source: SourceId,
        file: std::path::PathBuf,
    },
    /// The text to edit, before the editor opens.
    EditOpen(EditTarget),
    NewOwners {
        source: SourceId,
    },
    NewTemplate(EditTarget),
    /// The source checks the operator's text; nothing is sent to the server.
    EditCheck(EditTarget),
    /// The text again, after the confirmation: did someone change it meanwhile?
    EditRefetch(EditTarget),
    EditApply(EditTarget),
}

impl ActionsOp {
    fn is_edit(&self) -> bool {
        matches!(
            self,
            ActionsOp::EditOpen(_)
                | ActionsOp::NewOwners { .. }
                | ActionsOp::NewTemplate(_)
                | ActionsOp::EditCheck(_)
                | ActionsOp::EditRefetch(_)
                | ActionsOp::EditApply(_)
        )
    }

    pub(crate) fn same_flight(&self, other: &ActionsOp) -> bool {
        use ActionsOp as O;
        match (self, other) {
            // One edit at a time: a second `E` before the first editor opened would start a
            // second session over the first one's file.
            (a, b) if a.is_edit() && b.is_edit() => true,
            (O::Detail { target: a, .. }, O::Detail { target: b, .. })
            | (O::Usage(a), O::Usage(b))
            | (O::Delete(a), O::Delete(b))
            | (O::Toggle { target: a, .. }, O::Toggle { target: b, .. }) => (a.source, &a.key) == (b.source, &b.key),
            (O::Export { dest: a, .. }, O::Export { dest: b, .. }) => a == b,
            (O::Import { file: a, .. }, O::Import { file: b, .. }) => a == b,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ActionsPane {
    pub(crate) list: List<ActionRow>,
    pub(crate) filter: FilterBox,
    pub(crate) sort: Sort,
    /// One record per source: a source that fails is stale on its own.
    pub(crate) health: BTreeMap<SourceId, Freshness>,
    pub(crate) screen: View,
    /// An action this console just deleted: its disappearance is the expected result, not
    /// news that should replace "deleted …".
    pub(crate) deleted: Option<(SourceId, Key)>,
    /// The path last given to import, offered again by the next import.
    pub(crate) last_import: Option<String>,
    /// The edit in progress (`E`, `n`), from the editor to the server's answer.
    pub(crate) edit: Option<EditSession>,
    pub(crate) widest: Widest,
}

/// The widest name and kind among the rows, in characters.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Widest {
    pub(crate) name: usize,
    pub(crate) kind: usize,
}

impl ActionsPane {
    /// Recompute the view after a change of rows, filter or sort.
    pub(crate) fn refilter(&mut self, sources: &crate::app::source::Sources, narrowing: bool) -> Resync {
        let f = &self.filter.filter;
        let keep = |_: usize, r: &ActionRow| rows::matches(r, f, sources);
        if narrowing {
            return self.list.narrow(keep);
        }
        let sort = self.sort;
        self.list.rebuild(keep, Some(&|a: &ActionRow, b: &ActionRow| sort.order(a, b)))
    }

    /// Replace one source's rows; the others stay as they are.
    fn load(&mut self, source: SourceId, rows: Vec<ActionRow>, sources: &crate::app::source::Sources) -> Resync {
        let all = self.list.rows_mut();
        all.retain(|r| r.source != source);
        all.extend(rows);
        // Measured once per answer, not per frame: the columns fit what the rows hold.
        let width = |s: &str| s.chars().count();
        self.widest = Widest {
            name: all.iter().map(|r| width(&r.name)).max().unwrap_or(0),
            kind: all.iter().map(|r| width(&r.kind)).max().unwrap_or(0),
        };
        self.refilter(sources, false)
    }

    /// The action the keys act on: the open page's, else the selected row.
    fn focus(&self) -> Option<&ActionRow> {
        match &self.screen {
            View::Detail(p) | View::Usage(p) => {
                self.list.find(|r| r.source == p.target.source && r.key == p.target.key)
            }
            View::List => self.list.selected(),
        }
    }

    fn page_mut(&mut self) -> Option<&mut Page> {
        match &mut self.screen {
            View::Detail(p) | View::Usage(p) => Some(p),
            View::List => None,
        }
    }
}

/// Whether the Actions pane holds an action of `source` named `name` ("group/name").
pub(crate) fn listed(m: &Model, source: SourceId, name: &str) -> bool {
    m.actions.list.find(|r| r.source == source && r.name == name).is_some()
}

/// Open the detail of that action (from another pane, which jumped here). The list's cursor
/// and filter stay as the operator left them.
pub(crate) fn open_by_name(m: &mut Model, source: SourceId, name: &str) -> Vec<Effect> {
    let Some(row) = m.actions.list.find(|r| r.source == source && r.name == name) else { return vec![] };
    let target = target_of(m, row);
    m.actions.screen = View::Detail(Page { target: target.clone(), doc: Loaded::Loading, pager: Pager::default() });
    start(m, ActionsOp::Detail { target, fresh: false })
}

fn target_of(m: &Model, r: &ActionRow) -> ActionTarget {
    ActionTarget {
        source: r.source,
        key: r.key.clone(),
        name: r.name.clone(),
        owner: r.owner.as_deref().map(|o| crate::domain::text::clean_line(o).into_owned()),
        server: m.sources.server(r.source),
    }
}

/// The action commands the focused row's source supports, and whether they can run now.
fn action_offers(m: &Model, out: &mut Vec<Offer>) {
    let pane = &m.actions;
    let Some(row) = pane.focus() else { return };
    let Some(caps) = m.sources.actions_caps(row.source) else { return };
    let s = Scope::Actions;
    // Hidden from the hints when the source has no history for this caller, but pressing it
    // says why (no permission to read events, no API for it…).
    out.push(Offer { cmd: Command::ActionAudits, scope: s, ready: caps.history.clone() });
    if caps.usage {
        out.push(Offer::new(s, Command::ActionUsage));
    }
    if caps.export {
        out.push(Offer::new(s, Command::ActionExport));
    }
    let not_yours = "the server says you may not change this action";
    if caps.delete {
        out.push(Offer::when(s, Command::ActionDelete, row.editable, not_yours));
    }
    if caps.toggle {
        out.push(Offer::when(s, Command::ActionToggle, row.editable && row.active.is_some(), not_yours));
    }
}

/// `E` on the focused action (or why its source cannot edit) and, in the list, `n`.
fn edit_offers(m: &Model, list: bool, out: &mut Vec<Offer>) {
    let s = Scope::Actions;
    if let Some(row) = m.actions.focus()
        && let Some(caps) = m.sources.actions_caps(row.source)
    {
        if caps.edit {
            out.push(Offer::when(
                s,
                Command::ActionEdit,
                row.editable,
                "the server says you may not change this action",
            ));
        } else if let Some(why) = caps.read_only {
            // Not in the hints, but `?` and the key itself say why.
            out.push(Offer { cmd: Command::ActionEdit, scope: s, ready: Err(why.to_string()) });
        }
    }
    if list && m.sources.actions().any(|(_, c)| c.create) {
        out.push(Offer::new(s, Command::ActionNew));
    }
}

pub(crate) struct Unit;

impl PaneUnit for Unit {
    fn scopes(&self, _: &Model) -> Vec<Scope> {
        vec![Scope::Actions]
    }

    fn help_scopes(&self) -> &'static [Scope] {
        &[Scope::Actions]
    }

    fn filter_help(&self) -> &'static [(Scope, &'static str)] {
        &[(Scope::Actions, "words match name, kind and description; type:<kind>, source:<server> where sources mix")]
    }

    fn offers(&self, m: &Model) -> Vec<Offer> {
        let mut out = Vec::new();
        if m.sources.actions().next().is_none() {
            return out;
        }
        let pane = &m.actions;
        match &pane.screen {
            View::List => {
                list_offers(&mut out);
                action_offers(m, &mut out);
                if m.sources.actions().any(|(_, c)| c.import) {
                    out.push(Offer::new(Scope::Actions, Command::ActionImport));
                }
                out.push(Offer::new(Scope::Global, Command::Sort));
                let selected = pane.list.selected();
                let detail = selected.and_then(|r| m.sources.actions_caps(r.source)).is_some_and(|c| c.detail);
                if selected.is_some() && detail {
                    out.push(Offer::new(Scope::Global, Command::Open));
                }
                out.push(Offer::new(Scope::Global, Command::Filter));
                if pane.filter.is_active() {
                    out.push(Offer::new(Scope::Global, Command::Back));
                }
                if selected.is_some() {
                    out.push(Offer::new(Scope::Global, Command::CopyId));
                }
                edit_offers(m, true, &mut out);
            }
            View::Detail(_) | View::Usage(_) => {
                list_offers(&mut out);
                action_offers(m, &mut out);
                out.push(Offer::new(Scope::Global, Command::Refresh));
                out.push(Offer::new(Scope::Global, Command::Back));
                out.push(Offer::new(Scope::Global, Command::CopyId));
                edit_offers(m, false, &mut out);
            }
        }
        out
    }

    fn run(&self, m: &mut Model, cmd: Command) -> Vec<Effect> {
        let page = m.table_rows();
        if let Some(p) = m.actions.page_mut() {
            let lines = match &p.doc {
                Loaded::Ready(d) => d.lines.len(),
                _ => 1,
            };
            if p.pager.scroll(cmd, page, lines) {
                return vec![];
            }
            return match cmd {
                Command::Back => {
                    m.actions.screen = View::List;
                    vec![]
                }
                Command::Refresh => {
                    let mut effects: Vec<Effect> = self.refresh(m).into_iter().map(Effect::Refresh).collect();
                    if let View::Detail(p) = &m.actions.screen {
                        let target = p.target.clone();
                        effects.extend(start(m, ActionsOp::Detail { target, fresh: true }));
                    }
                    m.set_progress("refreshing…");
                    effects
                }
                Command::CopyId => copy(m),
                _ => dialogs::on_action_command(m, cmd),
            };
        }
        if m.actions.list.navigate(cmd) {
            return vec![];
        }
        match cmd {
            Command::Open => {
                let Some(row) = m.actions.list.selected() else { return vec![] };
                let target = target_of(m, row);
                m.actions.screen =
                    View::Detail(Page { target: target.clone(), doc: Loaded::Loading, pager: Pager::default() });
                start(m, ActionsOp::Detail { target, fresh: false })
            }
            Command::Back => {
                let change = m.actions.filter.set("");
                self.filter_changed(m, change);
                vec![]
            }
            Command::Filter => {
                m.actions.filter.open("words in name, type, description; type:…, source:…");
                vec![]
            }
            Command::Sort => {
                let pane = &mut m.actions;
                pane.sort = pane.sort.next();
                pane.refilter(&m.sources, false);
                let text = match pane.sort {
                    Sort::Name => "sorted by name",
                    Sort::LastChange => "sorted by last change, newest first",
                };
                m.set_status(text, Tone::Muted);
                vec![]
            }
            Command::CopyId => copy(m),
            _ => dialogs::on_action_command(m, cmd),
        }
    }

    fn filter<'m>(&self, m: &'m Model) -> Option<&'m FilterBox> {
        (m.actions.screen == View::List).then_some(&m.actions.filter)
    }

    fn facets(&self, m: &Model) -> Vec<&'static str> {
        let mut out = vec!["type:…"];
        if m.sources.mixed_actions() {
            out.push("source:…");
        }
        out
    }

    fn ruler(&self, m: &Model) -> Option<crate::app::list::Ruler> {
        (m.actions.screen == View::List).then(|| m.actions.list.ruler().sorted(m.actions.sort.describe()))
    }

    fn edit_filter(&self, m: &mut Model, edit: &mut dyn FnMut(&mut FilterBox) -> FilterChange) {
        let change = edit(&mut m.actions.filter);
        self.filter_changed(m, change);
    }

    fn feeds(&self, m: &Model) -> Vec<Feed> {
        m.sources.actions().map(|(s, _)| Feed::Actions(s.id)).collect()
    }

    fn refresh(&self, m: &Model) -> Vec<Feed> {
        self.feeds(m)
    }

    fn on_fetched(&self, m: &mut Model, feed: Feed, at: Timestamp, result: Result<Payload, ApiError>) {
        let Feed::Actions(source) = feed else { return };
        results::on_list(m, source, at, result);
    }

    fn freshness_mut<'m>(&self, m: &'m mut Model, feed: &Feed) -> Option<&'m mut Freshness> {
        match feed {
            Feed::Actions(s) => Some(m.actions.health.entry(*s).or_default()),
            _ => None,
        }
    }

    fn health<'m>(&self, m: &'m Model) -> Vec<Health<'m>> {
        m.actions.health.iter().map(|(s, f)| Health { source: *s, freshness: f }).collect()
    }

    fn resize(&self, m: &mut Model) {
        let page = m.table_rows();
        m.actions.list.set_page(page);
    }

    fn in_sub_view(&self, m: &Model) -> bool {
        m.actions.screen != View::List
    }

    fn shows_page(&self, m: &Model) -> bool {
        matches!(&m.actions.screen, View::Detail(p) | View::Usage(p) if matches!(p.doc, Loaded::Ready(_)))
    }

    fn page(&self, m: &Model) -> Option<crate::app::document::Document> {
        match &m.actions.screen {
            View::Detail(p) | View::Usage(p) => match &p.doc {
                Loaded::Ready(doc) => Some(doc.clone()),
                _ => None,
            },
            View::List => None,
        }
    }

    fn pager_mut<'m>(&self, m: &'m mut Model) -> Option<&'m mut Pager> {
        m.actions.page_mut().map(|p| &mut p.pager)
    }
}

impl Unit {
    fn filter_changed(&self, m: &mut Model, change: FilterChange) {
        m.clear_filter_status();
        if let FilterChange::Changed { narrowing } = change {
            m.actions.refilter(&m.sources, narrowing);
        }
        if let Some(why) = m.actions.filter.filter.problem(&m.sources) {
            m.set_filter_status(why);
        }
    }
}

fn copy(m: &mut Model) -> Vec<Effect> {
    let Some(row) = m.actions.focus() else { return vec![] };
    let text = row.copy.clone();
    m.copy(&text.clone(), text)
}

#[cfg(test)]
mod tests;
