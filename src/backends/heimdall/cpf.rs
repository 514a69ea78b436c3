//! CPFs, the Brazilian taxpayer numbers Heimdall uses as user ids. The server only checks
//! `^[0-9]{11}$` (`docs/wire-heimdall.md`, Q13), so a mistyped number creates a stranger's
//! user row and a useless membership. opsy accepts the usual `123.456.789-09` spelling,
//! sends the 11 digits, and warns (does not refuse) when the check digits are wrong: that is
//! almost always a typo, but the server would take it and test accounts often have one.

use std::fmt;

pub(crate) const DIGITS: usize = 11;

/// Exactly 11 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Cpf(String);

/// Why an input is not a CPF at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CpfError {
    Empty,
    /// A character that is neither a digit nor `.`, `-` or a space.
    Unexpected(char),
    /// How many digits there were instead of 11.
    Length(usize),
}

/// A CPF the server will accept but that is probably not the one meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CpfWarning {
    /// The last two digits should be these.
    CheckDigits { expected: String },
    /// All eleven digits equal: they pass the check-digit rule, but no real CPF looks so.
    Repeated,
}

/// A CPF with the warning the operator should see before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) cpf: Cpf,
    pub(crate) warning: Option<CpfWarning>,
}

impl Cpf {
    /// Digits with optional `.`, `-` and spaces in between (`123.456.789-09`,
    /// `123456789-09`), surrounding whitespace ignored.
    pub(crate) fn parse(input: &str) -> Result<Parsed, CpfError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(CpfError::Empty);
        }
        let mut digits = String::with_capacity(DIGITS);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | '-' | ' ' => {}
                other => return Err(CpfError::Unexpected(other)),
            }
        }
        if digits.len() != DIGITS {
            return Err(CpfError::Length(digits.len()));
        }
        let cpf = Cpf(digits);
        let warning = cpf.warning();
        Ok(Parsed { cpf, warning })
    }

    /// The 11 digits, as sent to the server.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// `123.456.789-09`, for the screen.
    pub(crate) fn formatted(&self) -> String {
        let d = &self.0;
        format!("{}.{}.{}-{}", &d[0..3], &d[3..6], &d[6..9], &d[9..11])
    }

    fn warning(&self) -> Option<CpfWarning> {
        let d: Vec<u32> = self.0.chars().filter_map(|c| c.to_digit(10)).collect();
        let expected = check_digits(&d[..9]);
        if d[9..] != expected {
            return Some(CpfWarning::CheckDigits { expected: format!("{}{}", expected[0], expected[1]) });
        }
        if d.iter().all(|x| *x == d[0]) {
            return Some(CpfWarning::Repeated);
        }
        None
    }
}

impl fmt::Display for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

/// The two check digits of a CPF's first nine: each is the weighted sum (weights counting
/// down to 2) times 10, modulo 11, with 10 read as 0.
fn check_digits(first9: &[u32]) -> [u32; 2] {
    let digit = |ds: &[u32]| {
        let top = ds.len() as u32 + 1;
        let sum: u32 = ds.iter().enumerate().map(|(i, d)| d * (top - i as u32)).sum();
        (sum * 10 % 11) % 10
    };
    let first = digit(first9);
    let mut ten = first9.to_vec();
    ten.push(first);
    [first, digit(&ten)]
}

#[cfg(test)]
/// A syntactically valid CPF (check digits right) from nine digits: for seeds and tests.
pub(crate) fn with_check_digits(first9: &str) -> Option<Cpf> {
    let d: Vec<u32> = first9.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    if d.len() != 9 {
        return None;
    }
    let [a, b] = check_digits(&d);
    Some(Cpf(format!("{first9}{a}{b}")))
}

impl fmt::Display for CpfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("no CPF given: type its 11 digits"),
            Self::Unexpected(c) => {
                write!(f, "a CPF holds only digits (optionally as 123.456.789-09), not '{}'", c.escape_debug())
            }
            Self::Length(n) => write!(f, "a CPF has 11 digits, this has {n}"),
        }
    }
}

impl fmt::Display for CpfWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CheckDigits { expected } => write!(
                f,
                "the check digits do not match (they should be {expected}): probably a typo. Heimdall will accept it anyway."
            ),
            Self::Repeated => {
                f.write_str("all digits are the same: not a real person's CPF (test accounts look like this)")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_accepted_and_dropped() {
        let p = Cpf::parse(" 529.982.247-25 ").expect("valid");
        assert_eq!(p.cpf.as_str(), "52998224725");
        assert_eq!(p.warning, None);
        assert_eq!(p.cpf.to_string(), "529.982.247-25");
        assert_eq!(Cpf::parse("529982247-25").expect("valid").cpf.as_str(), "52998224725");
        assert_eq!(Cpf::parse("52998224725").expect("valid").warning, None);
    }

    #[test]
    fn wrong_check_digits_are_a_warning_with_the_right_ones() {
        let p = Cpf::parse("529.982.247-26").expect("accepted");
        assert_eq!(p.cpf.as_str(), "52998224726");
        assert_eq!(p.warning, Some(CpfWarning::CheckDigits { expected: "25".into() }));
        assert!(p.warning.as_ref().is_some_and(|w| w.to_string().contains("should be 25")));
    }

    #[test]
    fn repeated_digits_are_a_warning() {
        assert_eq!(Cpf::parse("111.111.111-11").expect("accepted").warning, Some(CpfWarning::Repeated));
    }

    #[test]
    fn a_check_digit_of_ten_reads_as_zero() {
        // 100000001: first weighted sum 1*10 + 1*2 = 12 → 120 % 11 = 10 → 0.
        let cpf = with_check_digits("100000001").expect("nine digits");
        assert_eq!(&cpf.as_str()[9..10], "0");
        assert_eq!(Cpf::parse(cpf.as_str()).expect("valid").warning, None);
    }

    #[test]
    fn not_a_cpf_is_an_error_saying_why() {
        assert_eq!(Cpf::parse("  "), Err(CpfError::Empty));
        assert_eq!(Cpf::parse("123"), Err(CpfError::Length(3)));
        assert_eq!(Cpf::parse("123456789012"), Err(CpfError::Length(12)));
        assert_eq!(Cpf::parse("12345678x09"), Err(CpfError::Unexpected('x')));
        assert_eq!(Cpf::parse("１２３"), Err(CpfError::Unexpected('１')));
        assert_eq!(Cpf::parse("123").unwrap_err().to_string(), "a CPF has 11 digits, this has 3");
        assert!(Cpf::parse("1\u{1b}").unwrap_err().to_string().contains("\\u{1b}"));
        assert_eq!(with_check_digits("12345678"), None);
    }
}
