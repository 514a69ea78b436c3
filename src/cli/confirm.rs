//! The confirmation every change needs: `--yes`, or an answer typed on the terminal. A script
//! (standard input not a terminal) that did not say `--yes` is refused before anything is
//! sent, so a change never happens by accident of a pipe.

use std::io::{self, BufRead, IsTerminal, Write};

use super::args::Yes;
use super::exit::{Failure, Outcome};

/// `what` is the whole change in one line ("silence 3 user actions on waldur.example.com").
pub(crate) fn confirm(yes: Yes, what: &str) -> Outcome<()> {
    if yes.yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(Failure::usage(format!(
            "not confirmed: {what}\n  standard input is not a terminal: pass --yes to do it without asking"
        )));
    }
    let mut err = io::stderr().lock();
    let _ = write!(err, "{what}?\nType y to go ahead [y/N]: ");
    let _ = err.flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer).map_err(|e| Failure::usage(format!("reading the answer: {e}")))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err(Failure::usage(format!("cancelled: {what}")))
    }
}
