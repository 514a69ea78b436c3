//! `prop_update_*`: any session, from any fixture model, never panics and keeps every
//! contract after every message.

use proptest::prelude::*;

use super::contracts::Session;
use super::scenario::{Start, Step, resolve, session, start};
use crate::app::update::update;

fn run(start: Start, read_only: bool, steps: &[Step]) -> Result<(), TestCaseError> {
    let mut m = start.model(read_only);
    let mut s = Session::default();
    for (i, step) in steps.iter().enumerate() {
        let msg = resolve(step, &m);
        s.before(&m, &msg);
        let before = m.clone();
        let effects = update(&mut m, msg.clone());
        if let Err(why) = s.after(&before, &msg, &m, &effects) {
            return Err(TestCaseError::fail(format!("step {i} ({msg:?}): {why}")));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(crate::props::config())]

    #[test]
    fn prop_update_keeps_the_contracts(start in start(), steps in session(40)) {
        run(start, false, &steps)?;
    }

    #[test]
    fn prop_update_read_only_sends_no_mutation(start in start(), steps in session(40)) {
        run(start, true, &steps)?;
    }
}
