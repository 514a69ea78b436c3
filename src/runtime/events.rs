//! Sources of messages besides pollers and requests: the terminal, signals, the clock and the
//! spinner. Each is a small task feeding the one channel.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyModifiers, MouseEventKind};
use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};

use crate::app::msg::Msg;

/// Aborting the task drops the `EventStream`, which stops crossterm's reader thread: nothing
/// reads stdin while the console is suspended and the shell owns the terminal.
pub(crate) fn spawn_input(tx: mpsc::UnboundedSender<Msg>, mouse: bool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        loop {
            let msg = match events.next().await {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Paste(p))) => Msg::Paste(p),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize { width: w, height: h },
                Some(Ok(Event::Mouse(m))) if mouse => match m.kind {
                    MouseEventKind::ScrollDown => Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
                    MouseEventKind::ScrollUp => Msg::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
                    _ => continue,
                },
                Some(Ok(_)) => continue,
                // EOF or EIO: the terminal is gone (SSH dropped, pty closed). Stop rather
                // than spin on a dead file descriptor.
                Some(Err(e)) => Msg::Shutdown(format!("terminal error: {e}")),
                None => Msg::Shutdown("terminal closed".into()),
            };
            let stop = matches!(msg, Msg::Shutdown(_));
            if tx.send(msg).is_err() || stop {
                return;
            }
        }
    })
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
