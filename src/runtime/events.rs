//! Sources of messages besides pollers and requests: the terminal (a thread of its own),
//! signals, the clock and the spinner (small tasks), all feeding the one channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEventKind};
use tokio::sync::{mpsc, watch};

use crate::app::msg::Msg;

/// How long the input thread waits for a key before it looks whether it must stop: the most
/// a hand-over to the editor or a suspend waits for it.
const INPUT_POLL: Duration = Duration::from_millis(100);

/// The thread that reads the terminal. Keys never wait for the async runtime, whose threads
/// decode pages at a lower priority: from the terminal to the key loop is one channel send.
pub(crate) struct Input {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Input {
    /// Start reading the terminal's events. Call from the key loop's thread: the new thread
    /// inherits its scheduling priority, not the runtime's lower one.
    pub(crate) fn start(tx: mpsc::UnboundedSender<Msg>, mouse: bool) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("opsy-input".into())
            .spawn(move || read_events(&tx, mouse, &flag))
            .map_err(|e| tracing::warn!(error = %e, "cannot start the input thread"))
            .ok();
        Self { stop, thread }
    }

    /// Stop reading and wait until the thread is gone, before the terminal is handed to
    /// another program, so nothing here reads what is typed there.
    pub(crate) fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        // Quitting does not wait for the thread: it ends at its next look at the flag, or
        // with the process.
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn read_events(tx: &mpsc::UnboundedSender<Msg>, mouse: bool, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let event = match crossterm::event::poll(INPUT_POLL) {
            Ok(false) => continue,
            Ok(true) => crossterm::event::read(),
            Err(e) => Err(e),
        };
        let msg = match event {
            Ok(Event::Key(k)) => Msg::Key(k),
            Ok(Event::Paste(p)) => Msg::Paste(p),
            Ok(Event::Resize(w, h)) => Msg::Resize { width: w, height: h },
            Ok(Event::Mouse(m)) if mouse => match m.kind {
                MouseEventKind::ScrollDown => Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
                MouseEventKind::ScrollUp => Msg::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
                _ => continue,
            },
            Ok(_) => continue,
            // EOF or EIO: the terminal is gone (SSH dropped, pty closed). Stop rather than
            // spin on a dead file descriptor.
            Err(e) => Msg::Shutdown(format!("terminal error: {e}")),
        };
        let shutdown = matches!(msg, Msg::Shutdown(_));
        if tx.send(msg).is_err() || shutdown {
            return;
        }
    }
}

pub(crate) fn spawn_signals(tx: mpsc::UnboundedSender<Msg>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
            tracing::warn!("cannot listen for SIGTERM/SIGHUP");
            return;
        };
        let why = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = hup.recv() => "SIGHUP",
        };
        tracing::info!("{why}: shutting down");
        // What a shell expects of a process ended by a signal: 128 + its number.
        SIGNAL_EXIT.store(if why == "SIGTERM" { 143 } else { 129 }, Ordering::Relaxed);
        let _ = tx.send(Msg::Shutdown(format!("{why} received")));
    });
}

/// The exit code owed to the signal that stopped the console; 0 when none did.
static SIGNAL_EXIT: AtomicU8 = AtomicU8::new(0);

/// 143 after SIGTERM, 129 after SIGHUP, `None` after a quit key: read once the terminal is
/// restored.
pub(crate) fn signal_exit() -> Option<u8> {
    Some(SIGNAL_EXIT.load(Ordering::Relaxed)).filter(|code| *code != 0)
}

/// The model redraws on a clock tick only when something visible changed (the minute,
/// staleness), so a once-a-second tick costs nothing while idle.
pub(crate) fn spawn_clock(tx: mpsc::UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            if tx.send(Msg::Clock(jiff::Timestamp::now())).is_err() {
                return;
            }
        }
    });
}

/// 4 frames per second, only while something is in flight.
pub(crate) fn spawn_spinner(tx: mpsc::UnboundedSender<Msg>, mut busy: watch::Receiver<bool>) {
    tokio::spawn(async move {
        loop {
            if !*busy.borrow_and_update() {
                if busy.changed().await.is_err() {
                    return;
                }
                continue;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            if tx.send(Msg::Spin).is_err() {
                return;
            }
        }
    });
}
