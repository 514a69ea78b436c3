//! The `:` line at 80×24 and 160×48: its own keys in the hint bar, then Tab's choices there.

use crossterm::event::KeyCode;

use super::tests::{assert_readable, render, text};
use crate::app::testing::{code, key, loaded_model, typed};
use crate::app::update::update;

#[test]
fn the_command_line_hints_its_keys_then_shows_the_choices() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut m = loaded_model();
        m.settings.profiles = vec!["prod-eu".into(), "prod-us".into(), "staging".into()];
        update(&mut m, key(':'));
        typed(&mut m, "profile");
        let b = render(&mut m, w, h);
        assert_readable(&b, "command line");
        let last = text(&b).lines().last().unwrap_or_default().to_string();
        assert!(last.starts_with("tab complete  up/down history"), "{w}x{h}: {last}");

        typed(&mut m, " p");
        update(&mut m, code(KeyCode::Tab));
        let b = render(&mut m, w, h);
        assert_readable(&b, "choices");
        insta::assert_snapshot!(format!("command_line_choices_{w}x{h}"), text(&b));
        let screen = text(&b);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines[lines.len() - 2].starts_with(":profile prod-"), "{screen}");
        assert!(lines[lines.len() - 1].starts_with("prod-eu  prod-us  enter run"), "{screen}");
    }
}
