//! The impure shell: terminal, event loop, pollers, effect executor. The only place with tokio
//! tasks. Messages are coalesced before drawing, and a frame is drawn only when the model says
//! something visible changed.

mod backends;
mod clipboard;
#[cfg(feature = "demo")]
mod demo;
mod editor;
mod engine;
mod events;
mod history;
pub(crate) mod launch;
mod logfile;
mod login;
pub(crate) mod memory;
mod online;
mod poller;
pub(crate) mod profile;
pub(crate) mod terminal;

use std::io::{self, BufWriter, Write};

use color_eyre::eyre::{Result, WrapErr};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::app::update::update;
pub(crate) use backends::Backends;
pub(crate) use engine::Engine;
use terminal::TerminalGuard;

/// The terminal the console draws on. Frames go out through a buffer big enough for a whole
/// 160×48 frame: `Stdout` alone writes in 1 KB pieces, and a frame that changes every row (a
/// filter keystroke) then took some 30 writes, each a wake-up for the terminal, or a packet
/// over SSH.
type Screen = Terminal<CrosstermBackend<BufWriter<io::Stdout>>>;

fn screen() -> io::Result<Screen> {
    Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout())))
}

pub(crate) struct RunOptions {
    pub(crate) model: Model,
    pub(crate) backends: Backends,
    pub(crate) mouse: bool,
    /// Builds another profile of the config for `:profile NAME`; `None`: nothing to switch to.
    pub(crate) profiles: Option<profile::Loader>,
}

/// Run the console until the operator quits or the terminal goes away.
pub(crate) async fn run(opts: RunOptions) -> Result<()> {
    let RunOptions { model, backends, mouse, profiles } = opts;
    let guard = TerminalGuard::enter(mouse).wrap_err("switching the terminal to full-screen mode")?;
    // No `terminal.clear()`: it asks the terminal for the cursor position, which stalls (and
    // then fails) on terminals or SSH links that answer slowly or not at all. The guard clears
    // the alternate screen with a plain escape sequence instead.
    let mut terminal = screen().wrap_err("opening the terminal")?;
    let size = terminal.size().wrap_err("reading the terminal size")?;

    let edits = editor::EditorSetup::from_env();
    let kept = editor::kept(&edits.dir);
    let mut engine = Engine::new(model, backends).with_osc52().with_editor(edits.clone());
    if kept > 0 {
        let plural = if kept == 1 { "" } else { "s" };
        let text = format!(
            "{kept} unapplied edit{plural} kept in {} (an earlier session's or another opsy's)",
            edits.dir.display()
        );
        engine.model.set_status(text, crate::app::dialog::Tone::Warning);
    }
    if let Some(loader) = profiles {
        engine.set_profiles(loader);
    }
    if let Some(path) = history::path() {
        match history::read(&path) {
            Ok(lines) => {
                engine.model.history = crate::app::history::History::from_lines(lines.iter().map(String::as_str))
            }
            Err(why) => {
                tracing::warn!("{why}");
                engine.model.set_status(
                    format!("{why}; : history is kept for this session only"),
                    crate::app::dialog::Tone::Warning,
                );
                engine.model.history.warned = true;
            }
        }
        engine.set_history_file(path);
    }
    update(&mut engine.model, Msg::Resize { width: size.width, height: size.height });
    update(&mut engine.model, Msg::Clock(jiff::Timestamp::now()));
    // The first frame goes out before any HTTP answer can arrive.
    draw(&mut terminal, &engine.model)?;
    engine.model.dirty = false;

    let tx = engine.sender();
    let mut input = events::Input::start(tx.clone(), mouse);
    events::spawn_signals(tx.clone());
    events::spawn_clock(tx.clone());
    events::spawn_spinner(tx.clone(), engine.busy_signal());

    while engine.step().await {
        if let Some((file, setup)) = engine.take_edit() {
            input.stop();
            let edited = hand_over(file, setup).await;
            input = events::Input::start(tx.clone(), mouse);
            // Every cell again: the editor wrote over the screen, and the diff against the
            // last frame would skip what did not change. Not `terminal.clear()`: it asks the
            // terminal for the cursor position (see above); `resume` cleared the screen.
            terminal.swap_buffers();
            let size = terminal.size().wrap_err("reading the terminal size")?;
            let _ = tx.send(Msg::Resize { width: size.width, height: size.height });
            let _ = tx.send(Msg::Edited(edited));
            engine.model.dirty = true;
        }
        if engine.take_suspend() {
            input.stop();
            suspend(&mut terminal, &mut engine);
            input = events::Input::start(tx.clone(), mouse);
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
    // A thread started here, not the runtime's blocking pool: a process inherits the nice
    // value of the thread that starts it, and the runtime's threads run at a lower priority.
    let (done, edited) = tokio::sync::oneshot::channel();
    let started = std::thread::Builder::new().name("opsy-editor".into()).spawn(move || {
        let _ = done.send(editor::run(&setup, file));
    });
    let edited = match started {
        Ok(_) => edited.await.unwrap_or_else(|_| crate::app::msg::Edited {
            path,
            result: Err("the editor thread ended without an answer".into()),
        }),
        Err(e) => crate::app::msg::Edited { path, result: Err(format!("cannot start the editor thread: {e}")) },
    };
    if let Err(e) = terminal::resume() {
        tracing::warn!(error = %e, "taking the terminal back after the editor");
    }
    edited
}

/// Ctrl-Z: give the terminal back, stop until `fg`, take it again and draw everything (the
/// size may have changed meanwhile). The input reader is stopped by the caller first.
fn suspend(terminal: &mut Screen, engine: &mut Engine) {
    let stopped = terminal::pause().and_then(|()| terminal::stop_until_continued());
    if let Err(e) = terminal::resume() {
        tracing::warn!(error = %e, "taking the terminal back after a suspend");
    }
    if let Err(e) = &stopped {
        engine.model.set_status(format!("cannot suspend: {e}"), crate::app::dialog::Tone::Warning);
    }
    // A new terminal has empty buffers, so the next frame paints every cell (`clear()` would
    // ask for the cursor position, which stalls on slow links; `resume` cleared the screen).
    match screen() {
        Ok(fresh) => *terminal = fresh,
        Err(e) => tracing::warn!(error = %e, "reopening the terminal after a suspend"),
    }
    if let Ok(size) = terminal.size() {
        update(&mut engine.model, Msg::Resize { width: size.width, height: size.height });
    }
    engine.model.dirty = true;
}

fn draw(terminal: &mut Screen, model: &Model) -> Result<()> {
    // Synchronized output: the terminal shows the whole frame at once, never half of it. The
    // opening mark and the frame leave in one write (ratatui flushes after drawing), the
    // closing mark in a second.
    crossterm::queue!(terminal.backend_mut(), crossterm::terminal::BeginSynchronizedUpdate)
        .wrap_err("writing to the terminal")?;
    terminal.draw(|f| crate::ui::view(model, f)).wrap_err("drawing a frame")?;
    let out = terminal.backend_mut();
    crossterm::queue!(out, crossterm::terminal::EndSynchronizedUpdate).wrap_err("writing to the terminal")?;
    out.flush().wrap_err("writing to the terminal")?;
    Ok(())
}

#[cfg(test)]
mod tests;
