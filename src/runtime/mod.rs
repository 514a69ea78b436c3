//! The impure shell: terminal, event loop, pollers, effect executor. The only place with tokio
//! tasks. Messages are coalesced before drawing, and a frame is drawn only when the model says
//! something visible changed.

mod backends;
#[cfg(feature = "demo")]
mod demo;
mod editor;
mod engine;
mod events;
pub(crate) mod launch;
mod logfile;
mod login;
pub(crate) mod memory;
mod online;
mod poller;
pub(crate) mod terminal;

use std::io::{self, Write};

use color_eyre::eyre::{Result, WrapErr};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::app::update::update;
pub(crate) use backends::Backends;
pub(crate) use engine::Engine;
use terminal::TerminalGuard;

pub(crate) struct RunOptions {
    pub(crate) model: Model,
    pub(crate) backends: Backends,
    pub(crate) mouse: bool,
}

/// Run the console until the operator quits or the terminal goes away.
pub(crate) async fn run(opts: RunOptions) -> Result<()> {
    let RunOptions { model, backends, mouse } = opts;
    let guard = TerminalGuard::enter(mouse).wrap_err("switching the terminal to full-screen mode")?;
    // No `terminal.clear()`: it asks the terminal for the cursor position, which stalls (and
    // then fails) on terminals or SSH links that answer slowly or not at all. The guard clears
    // the alternate screen with a plain escape sequence instead.
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).wrap_err("opening the terminal")?;
    let size = terminal.size().wrap_err("reading the terminal size")?;

    let mut engine = Engine::new(model, backends).with_osc52().with_editor(editor::EditorSetup::from_env());
    update(&mut engine.model, Msg::Resize { width: size.width, height: size.height });
    update(&mut engine.model, Msg::Clock(jiff::Timestamp::now()));
    // The first frame goes out before any HTTP answer can arrive.
    draw(&mut terminal, &engine.model)?;
    engine.model.dirty = false;

    let tx = engine.sender();
    let mut input = events::spawn_input(tx.clone(), mouse);
    events::spawn_signals(tx.clone());
    events::spawn_clock(tx.clone());
    events::spawn_spinner(tx.clone(), engine.busy_signal());

    while engine.step().await {
        if let Some((file, setup)) = engine.take_edit() {
            input.abort();
            let _ = (&mut input).await;
            let edited = hand_over(file, setup).await;
            input = events::spawn_input(tx.clone(), mouse);
            // Every cell again: the editor wrote over the screen, and the diff against the
            // last frame would skip what did not change. Not `terminal.clear()`: it asks the
            // terminal for the cursor position (see above); `resume` cleared the screen.
            terminal.swap_buffers();
            let size = terminal.size().wrap_err("reading the terminal size")?;
            let _ = tx.send(Msg::Resize { width: size.width, height: size.height });
            let _ = tx.send(Msg::Edited(edited));
            engine.model.dirty = true;
        }
        if engine.model.dirty {
            draw(&mut terminal, &engine.model)?;
            engine.model.dirty = false;
        }
    }
    drop(engine);
    drop(terminal);
    drop(guard);
    Ok(())
}

/// Run the editor on the operator's terminal: leave the alternate screen and raw mode, wait
/// for the editor, take the terminal back.
async fn hand_over(
    file: crate::app::effect::EditFile,
    setup: std::sync::Arc<editor::EditorSetup>,
) -> crate::app::msg::Edited {
    if let Err(e) = terminal::pause() {
        let _ = terminal::resume();
        return crate::app::msg::Edited { path: file.path, result: Err(format!("cannot hand the terminal over: {e}")) };
    }
    // In cooked mode Ctrl-C in the editor (or in `code --wait`) signals the whole foreground
    // group, opsy included: listening for SIGINT replaces the default "terminate" (for the rest
    // of the run, which is harmless: in raw mode Ctrl-C is a key, not a signal). The editor
    // still gets the default, since exec resets handlers.
    #[cfg(unix)]
    let _sigint = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
    let path = file.path.clone();
    let edited = tokio::task::spawn_blocking(move || editor::run(&setup, file))
        .await
        .unwrap_or_else(|e| crate::app::msg::Edited { path, result: Err(format!("the editor task failed: {e}")) });
    if let Err(e) = terminal::resume() {
        tracing::warn!(error = %e, "taking the terminal back after the editor");
    }
    edited
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

#[cfg(test)]
mod tests;
