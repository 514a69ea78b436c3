//! The impure shell: terminal, event loop, pollers, effect executor. The only place with tokio
//! tasks. Messages are coalesced before drawing, and a frame is drawn only when the model says
//! something visible changed.

mod calls;
pub mod clients;
mod events;
mod fetch;
mod files;
pub mod launch;
mod login;
mod poller;
pub mod terminal;

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::{mpsc, watch};

use crate::app::{Effect, Feed, Model, Msg, update};
pub use clients::Clients;
use poller::Poller;
use terminal::TerminalGuard;

pub struct RunOptions {
    pub model: Model,
    pub clients: Clients,
    pub mouse: bool,
}

/// Run the console until the operator quits or the terminal goes away.
pub async fn run(opts: RunOptions) -> Result<()> {
    let RunOptions { mut model, clients, mouse } = opts;
    let clients = Arc::new(clients);
    let guard = TerminalGuard::enter(mouse).wrap_err("switching the terminal to full-screen mode")?;
    // No `terminal.clear()`: it asks the terminal for the cursor position, which stalls (and
    // then fails) on terminals or SSH links that answer slowly or not at all. The guard clears
    // the alternate screen with a plain escape sequence instead.
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).wrap_err("opening the terminal")?;

    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    events::spawn_input(tx.clone(), mouse);
    events::spawn_signals(tx.clone());
    events::spawn_clock(tx.clone());
    let (busy_tx, busy_rx) = watch::channel(false);
    events::spawn_spinner(tx.clone(), busy_rx);

    let size = terminal.size().wrap_err("reading the terminal size")?;
    update(&mut model, Msg::Resize { width: size.width, height: size.height });
    update(&mut model, Msg::Clock(jiff::Timestamp::now()));
    // The first frame goes out before any HTTP request is even sent.
    draw(&mut terminal, &model)?;
    model.dirty = false;

    let (frozen_tx, frozen_rx) = watch::channel(model.frozen);
    let mut pollers: HashMap<Feed, Poller> = HashMap::new();
    sync_pollers(&model, &mut pollers, &clients, &frozen_rx, &tx);

    while let Some(first) = rx.recv().await {
        let mut effects = update(&mut model, first);
        // Coalesce everything already queued into one frame.
        while let Ok(msg) = rx.try_recv() {
            effects.extend(update(&mut model, msg));
        }
        sync_pollers(&model, &mut pollers, &clients, &frozen_rx, &tx);
        frozen_tx.send_if_modified(|f| std::mem::replace(f, model.frozen) != model.frozen);
        for effect in effects {
            run_effect(effect, &clients, &pollers, &tx);
        }
        busy_tx.send_if_modified(|b| std::mem::replace(b, model.busy()) != model.busy());
        if model.quit {
            break;
        }
        if model.dirty {
            draw(&mut terminal, &model)?;
            model.dirty = false;
        }
    }
    drop(pollers);
    drop(terminal);
    drop(guard);
    Ok(())
}

fn draw(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, model: &Model) -> Result<()> {
    // Synchronized output: the terminal shows the whole frame at once, never half of it.
    let mut out = io::stdout();
    crossterm::queue!(out, crossterm::terminal::BeginSynchronizedUpdate).wrap_err("writing to the terminal")?;
    terminal.draw(|f| crate::ui::view(model, f)).wrap_err("drawing a frame")?;
    crossterm::queue!(out, crossterm::terminal::EndSynchronizedUpdate).wrap_err("writing to the terminal")?;
    out.flush().wrap_err("writing to the terminal")?;
    Ok(())
}

/// Start the pollers the model wants, stop the ones it no longer wants, retune intervals.
fn sync_pollers(
    model: &Model,
    pollers: &mut HashMap<Feed, Poller>,
    clients: &Arc<Clients>,
    frozen: &watch::Receiver<bool>,
    tx: &mpsc::UnboundedSender<Msg>,
) {
    let subs = model.subscriptions();
    pollers.retain(|feed, _| subs.iter().any(|s| &s.feed == feed));
    for sub in subs {
        match pollers.get(&sub.feed) {
            Some(p) => p.set_interval(sub.interval),
            None => {
                let p = Poller::spawn(sub.feed.clone(), sub.interval, clients.clone(), frozen.clone(), tx.clone());
                pollers.insert(sub.feed, p);
            }
        }
    }
}

fn run_effect(
    effect: Effect,
    clients: &Arc<Clients>,
    pollers: &HashMap<Feed, Poller>,
    tx: &mpsc::UnboundedSender<Msg>,
) {
    match effect {
        Effect::Call { op, call } => {
            let clients = clients.clone();
            let tx = tx.clone();
            tokio::spawn(async move {
                tracing::info!(op, ?call, "request");
                let result = calls::execute(&clients, call).await;
                if let Err(e) = &result {
                    tracing::warn!(op, error = %e, "request failed");
                }
                let _ = tx.send(Msg::Done { op, at: jiff::Timestamp::now(), result });
            });
        }
        Effect::Refresh(feed) => {
            if let Some(p) = pollers.get(&feed) {
                p.refresh();
            }
        }
        Effect::Copy(text) => {
            if let Err(e) = osc52(&text) {
                tracing::warn!(error = %e, "clipboard write failed");
            }
        }
    }
}

/// OSC 52 asks the terminal (the operator's, across SSH) to set its clipboard.
fn osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Interval for hidden panes when the config does not say.
pub const DEFAULT_HIDDEN_INTERVAL: Duration = Duration::from_secs(60);
