//! Server URLs: what a valid one looks like, how to show one without its password, and when
//! plain HTTP deserves a warning.

use super::ServerKind;

pub(super) fn example_url(kind: ServerKind) -> &'static str {
    match kind {
        ServerKind::Cds => "https://cds.example.com/cdsapi",
        ServerKind::Waldur => "https://waldur.example.com/api/",
        ServerKind::Heimdall => "https://heimdall.example.com/api",
        ServerKind::Zitadel => "https://zitadel.example.com",
    }
}

pub(super) fn auth_hint(kind: ServerKind) -> &'static str {
    match kind {
        ServerKind::Cds => "session sends Session-Token (a CDS persistent session); bearer sends a JWT",
        ServerKind::Waldur => "token sends Authorization: Token <key>; bearer sends a PAT or OIDC token",
        ServerKind::Heimdall | ServerKind::Zitadel => "this server only takes bearer tokens",
    }
}

/// The same rules as the HTTP layer, checked up front so the error can name the line.
pub(super) fn validate_url(raw: &str) -> Result<(), String> {
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| format!("is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must start with http:// or https://".to_string());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("has no host".to_string());
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in a URL end up in logs and error messages.
        return Err("must not contain credentials; use token_env or token_command".to_string());
    }
    Ok(())
}

/// A URL as it may be shown: a password in it is replaced, since the URL is refused anyway.
pub(super) fn redact_url(raw: &str) -> String {
    match reqwest::Url::parse(raw.trim()) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        Ok(_) => raw.to_string(),
        // Unparsable: still hide whatever sits between "//" and an "@".
        Err(_) => match (raw.find("//"), raw.rfind('@')) {
            (Some(start), Some(at)) if start + 2 <= at => format!("{}***{}", &raw[..start + 2], &raw[at..]),
            _ => raw.to_string(),
        },
    }
}

pub(super) fn plain_http_warning(raw: &str, key: &str) -> Option<String> {
    let url = reqwest::Url::parse(raw.trim()).ok()?;
    let host = url.host_str()?;
    let local = host == "localhost"
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    (url.scheme() == "http" && !local).then(|| format!("{key}.url uses plain http://: its token travels unencrypted"))
}
