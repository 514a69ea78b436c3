//! SQL `LIKE` as PostgreSQL runs the real service's filters: `%` any run, `_` one character,
//! `\` escapes the next one. The mapping filter is `ILIKE '%x%'` (case-insensitive
//! substring) and the group prefix `LIKE 'x%'` (case-sensitive), so a name holding `_`
//! matches more than itself (`docs/wire-heimdall.md`, Q1 and Q2).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Any,
    One,
    Char(char),
}

fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '%' => Token::Any,
            '_' => Token::One,
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            c => Token::Char(c),
        });
    }
    out
}

pub fn like(text: &str, pattern: &str, case_insensitive: bool) -> bool {
    let fold = |s: &str| if case_insensitive { s.to_lowercase() } else { s.to_string() };
    let text: Vec<char> = fold(text).chars().collect();
    let pattern = tokens(&fold(pattern));
    // Classic two-pointer wildcard match with backtracking to the last `%`.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Token::One) => (t, p) = (t + 1, p + 1),
            Some(Token::Char(c)) if *c == text[t] => (t, p) = (t + 1, p + 1),
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    (t, p) = (st + 1, sp + 1);
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|tok| *tok == Token::Any)
}

/// `ILIKE '%needle%'`.
pub fn contains_ci(text: &str, needle: &str) -> bool {
    like(text, &format!("%{needle}%"), true)
}

/// `LIKE 'prefix%'`.
pub fn starts_with(text: &str, prefix: &str) -> bool {
    like(text, &format!("{prefix}%"), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_filter_is_case_insensitive_with_wildcards() {
        assert!(contains_ci("user:read", "read"));
        assert!(contains_ci("dataset:read", "READ"));
        assert!(contains_ci("user:read", "user_read"));
        assert!(contains_ci("user:read", "u%d"));
        assert!(!contains_ci("user:read", "user\\_read"));
        assert!(!contains_ci("user:read", "write"));
        assert!(contains_ci("anything", ""));
    }

    #[test]
    fn prefix_filter_is_case_sensitive() {
        assert!(starts_with("engineering:backend", "eng"));
        assert!(!starts_with("engineering:backend", "ENG"));
        assert!(starts_with("engineering:backend", "e_g"));
        assert!(!starts_with("eng", "engineering"));
    }
}
