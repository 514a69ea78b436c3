//! The terminal always comes back (contract 6): an RAII guard for the normal path, the same
//! restore in the panic hook, and every step idempotent so running it twice is harmless.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
/// Between [`pause`] and [`resume`].
static PAUSED: AtomicBool = AtomicBool::new(false);

pub(crate) struct TerminalGuard;

impl TerminalGuard {
    pub(crate) fn enter(mouse: bool) -> io::Result<Self> {
        MOUSE.store(mouse, Ordering::SeqCst);
        take()?;
        Ok(Self)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as we found it. Safe to call from a panic hook or twice.
pub(crate) fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        crossterm::terminal::EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Hand the terminal back as the shell expects it (Ctrl-Z, an editor): main screen, cooked
/// mode, no bracketed paste or mouse reports, cursor shown. [`resume`] undoes it. Only while
/// the console holds the terminal (tests run the engine without one).
pub(crate) fn pause() -> io::Result<()> {
    // A panic while paused must not switch to a screen nobody is drawing.
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    PAUSED.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        execute!(out, DisableMouseCapture)?;
    }
    execute!(
        out,
        crossterm::terminal::EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )?;
    disable_raw_mode()?;
    out.flush()
}

/// Take the terminal again after [`pause`]; mouse capture only if the console had it, and a
/// cleared alternate screen: the caller redraws every cell (the screen holds whatever the
/// shell or the editor left there).
pub(crate) fn resume() -> io::Result<()> {
    if !PAUSED.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    take()
}

/// Raw mode, a cleared alternate screen, bracketed paste, no cursor, and mouse capture if the
/// console has it: at start and after every [`pause`].
fn take() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(out, EnableMouseCapture)?;
    }
    out.flush()
}

/// Stop the process the way a shell's job control expects (SIGTSTP to our process group, so a
/// pipeline we are part of stops with us); returns once `fg` (SIGCONT) wakes us. In an
/// orphaned process group (no job-control shell) the kernel discards SIGTSTP and this returns
/// at once: nobody could have brought us back.
#[cfg(unix)]
pub(crate) fn stop_until_continued() -> io::Result<()> {
    // SAFETY: kill(2) with pid 0 (our process group) and a valid signal touches no memory.
    if unsafe { libc::kill(0, libc::SIGTSTP) } == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(unix))]
pub(crate) fn stop_until_continued() -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "suspending needs a Unix shell"))
}

/// color-eyre's hooks first (readable reports), then ours in front of its panic hook so the
/// report lands on a restored terminal instead of the alternate screen.
pub(crate) fn install_hooks() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    Ok(())
}
