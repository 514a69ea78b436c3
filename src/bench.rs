//! What `cargo bench` drives. The benchmarks are other crates, so they reach the console only
//! through this narrow door: decoded rows, a console holding them that takes keys and draws
//! frames, and the User Actions poller. Nothing else of the library is public.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ratatui::Frame;

use crate::app::keymap::Keymap;
use crate::app::model::{Model, Settings};
use crate::app::msg::{Feed, Msg, Payload};
use crate::app::panes::Pane;
use crate::app::panes::user_actions::UserActionsView;
use crate::app::source::{SourceId, SourceInfo, Sources};
use crate::app::update::update;
use crate::backends::de::interning;
use crate::backends::http::{Auth, ServerOptions};
use crate::backends::waldur::model::{ListQuery, Summary, UserActionRow};
use crate::domain::secret::Secret;

/// The page size the client asks for.
const PAGE_ROWS: usize = 300;

/// User actions decoded from wire JSON exactly as the client decodes them.
#[derive(Clone)]
pub struct UserActions(Vec<UserActionRow>);

impl UserActions {
    /// Decode pages of `GET /user-actions/` answers (interning per page, as the client does).
    pub fn decode(pages: &[Vec<u8>]) -> Result<Self, String> {
        // Sized up front, as the client does from `X-Result-Count`: the memory figure is the
        // rows', not a doubling vector's spare capacity.
        let mut rows = Vec::with_capacity(pages.len() * PAGE_ROWS);
        for p in pages {
            let page: Vec<UserActionRow> =
                interning(|| crate::backends::http::from_json(p)).map_err(|e| format!("decoding a page: {e}"))?;
            rows.extend(page);
        }
        Ok(Self(rows))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A poll's answer, ready for the pane.
pub struct Prepared(UserActionsView);

/// The console with one Waldur source, on the User Actions pane.
pub struct Console {
    model: Model,
    /// The threads dropping what answers replaced.
    dropping: Vec<std::thread::JoinHandle<()>>,
}

impl Clone for Console {
    fn clone(&self) -> Self {
        Self { model: self.model.clone(), dropping: Vec::new() }
    }
}

impl Console {
    pub fn with_user_actions(rows: UserActions, width: u16, height: u16, now: Timestamp) -> Self {
        let mut info = SourceInfo::new("waldur", "Waldur", "waldur.example.com");
        info.user_actions = true;
        let settings = Settings { profile: "bench".into(), ..Settings::default() };
        let mut model = Model::new(settings, Sources::new(vec![info]), Keymap::default(), now);
        model.pane = Pane::UserActions;
        update(&mut model, Msg::Resize { width, height });
        let summary = Summary { total: rows.0.len() as i64, ..Default::default() };
        let source = model.user_actions.source.unwrap_or_default();
        let feed = Feed::UserActions(source, ListQuery::default());
        let result = Ok(Payload::UserActions(Box::new(UserActionsView::new(rows.0, summary))));
        update(&mut model, Msg::Fetched { feed, at: now, result, next: None });
        Self { model, dropping: Vec::new() }
    }

    /// What a poll hands the pane: the rows sorted, indexed and counted (built off the key
    /// path, so not part of what [`Console::apply`] costs).
    pub fn prepare(&self, rows: UserActions) -> Prepared {
        let summary = Summary { total: rows.0.len() as i64, ..Default::default() };
        let order = self.model.user_actions.query().order;
        Prepared(UserActionsView::shared(rows.0.into_iter().map(std::sync::Arc::new).collect(), summary, None, order))
    }

    /// Take a poll's answer, as the key loop does when it arrives.
    pub fn apply(&mut self, ready: Prepared) {
        let source = self.model.user_actions.source.unwrap_or_default();
        let feed = Feed::UserActions(source, self.model.user_actions.query());
        let result = Ok(Payload::UserActions(Box::new(ready.0)));
        let at = self.model.now;
        update(&mut self.model, Msg::Fetched { feed, at, result, next: None });
        // The runtime drops what the answer replaced on a thread at idle priority, as here.
        let garbage = self.model.garbage.take();
        self.dropping.push(std::thread::spawn(move || {
            crate::backends::background_priority();
            drop(garbage);
        }));
    }

    /// Wait until what earlier answers replaced is dropped. Polls come seconds apart, so the
    /// console never has two such drops at once; answers applied back to back would pile up
    /// threads dropping 100k rows each, and the one holding an allocator lock, time-sliced
    /// among the others, stalled the next key for 20–35 ms. A bench settles between them.
    pub fn settle(&mut self) {
        for dropping in self.dropping.drain(..) {
            let _ = dropping.join();
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        update(&mut self.model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn draw(&self, frame: &mut Frame) {
        crate::ui::view(&self.model, frame);
    }

    /// Rows the current view shows (after the filter).
    pub fn shown(&self) -> usize {
        self.model.user_actions.list.len()
    }
}

/// The User Actions poller of the console, on its own: each `poll` is what one poll does
/// (a full load the first time, then only what changed) including preparing the pane's view.
pub struct UserActionsPoller {
    backend: std::sync::Arc<dyn crate::backends::Backend>,
}

/// What one poll handed the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polled {
    /// A new view with this many rows.
    View(usize),
    Unchanged,
}

impl UserActionsPoller {
    pub fn new(url: &str, token: &str) -> Result<Self, String> {
        let opts = ServerOptions::new(url, Auth::Token(Secret::new(token)));
        let conn = crate::backends::Connection::new(opts);
        let connected = crate::backends::waldur::connect(SourceId(0), &conn).map_err(|e| e.to_string())?;
        Ok(Self { backend: connected.backend })
    }

    pub async fn poll(&self) -> Result<Polled, String> {
        let feed = Feed::UserActions(SourceId(0), ListQuery::default());
        match self.backend.fetch(&feed, crate::backends::Held::Previous).await.map_err(|e| e.to_string())? {
            Payload::UserActions(view) => Ok(Polled::View(view.rows.len())),
            _ => Ok(Polled::Unchanged),
        }
    }
}
