//! The one HTTP layer every dialect goes through: base URL joining, auth headers, timeouts,
//! a size cap on bodies, and turning transport failures into [`ApiError`]s an operator can read.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use crate::domain::error::{ApiError, StatusError};
use crate::domain::secret::Secret;
use crate::domain::text::{clean_line, clean_text, truncate_chars};

/// Cap on any response body: a misbehaving server cannot make opsy hold gigabytes.
pub(crate) const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;
/// The most a body's buffer is sized to up front from its `Content-Length`.
const PRESIZE_UP_TO: usize = 8 * 1024 * 1024;

/// How a request proves who sends it.
#[derive(Debug, Clone)]
pub(crate) enum Auth {
    None,
    /// Waldur DRF token: `Authorization: Token <key>`.
    Token(Secret),
    /// `Authorization: Bearer <token>` (Waldur PAT/OIDC, CDS JWT).
    Bearer(Secret),
    /// CDS persistent session: `Session-Token` plus `X-Requested-With: X-CDS-SDK`.
    Session(Secret),
}

#[derive(Debug, Clone)]
pub(crate) struct ServerOptions {
    pub(crate) url: String,
    pub(crate) auth: Auth,
    pub(crate) insecure: bool,
    pub(crate) timeout: Duration,
    pub(crate) max_body: usize,
}

impl ServerOptions {
    pub(crate) fn new(url: impl Into<String>, auth: Auth) -> Self {
        Self { url: url.into(), auth, insecure: false, timeout: Duration::from_secs(30), max_body: DEFAULT_MAX_BODY }
    }
}

/// A complete answer: status, headers and the whole (capped) body.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: bytes::Bytes,
}

impl RawResponse {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub(crate) fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct HttpClient {
    client: reqwest::Client,
    base: Url,
    label: String,
    auth_headers: HeaderMap,
    max_body: usize,
    timeout: Duration,
}

impl HttpClient {
    pub(crate) fn new(opts: &ServerOptions) -> Result<Self, ApiError> {
        let base = base_url(&opts.url)?;
        let label = server_label(&base);
        let client = reqwest::Client::builder()
            .user_agent(concat!("opsy/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            .timeout(opts.timeout)
            // Never follow a redirect: it would carry credentials to wherever the server
            // points, and for Waldur it means the URL lost its trailing slash.
            .redirect(reqwest::redirect::Policy::none())
            .tls_danger_accept_invalid_certs(opts.insecure)
            .build()
            .map_err(|e| ApiError::Local(format!("building the HTTP client for {label}: {e}")))?;
        Ok(Self {
            client,
            base,
            label,
            auth_headers: auth_headers(&opts.auth)?,
            max_body: opts.max_body,
            timeout: opts.timeout,
        })
    }

    /// Host (and port when not the default) of the server, for messages and dialogs.
    pub(crate) fn label(&self) -> &str {
        &self.label
    }

    /// `path` is relative to the base URL (no leading slash); its segments must already be
    /// percent-encoded (see [`segment`]).
    pub(crate) fn url(&self, path: &str) -> Result<Url, ApiError> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| ApiError::Local(format!("bad path {path:?} for {}: {e}", self.label)))
    }

    pub(crate) fn request(&self, method: Method, url: Url) -> reqwest::RequestBuilder {
        self.client.request(method, url).headers(self.auth_headers.clone()).header(ACCEPT, "application/json")
    }

    /// A JSON body, serialised here so the exact bytes are ours (and testable).
    pub(crate) fn json_body(
        req: reqwest::RequestBuilder,
        body: &impl serde::Serialize,
    ) -> Result<reqwest::RequestBuilder, ApiError> {
        let bytes = serde_json::to_vec(body).map_err(|e| ApiError::Local(format!("encoding the request body: {e}")))?;
        Ok(req.header(CONTENT_TYPE, "application/json").body(bytes))
    }

    /// Send and read the whole body (capped). Any status is returned; callers decide.
    pub(crate) async fn send(&self, req: reqwest::RequestBuilder) -> Result<RawResponse, ApiError> {
        let mut resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let announced = resp.content_length().map_or(0, |len| usize::try_from(len).unwrap_or(usize::MAX));
        if announced > self.max_body {
            return Err(ApiError::TooLarge { server: self.label.clone(), limit: self.max_body });
        }
        // Sized once from the announced length (a 600 kB page grown by doubling is copied
        // twice more on its way in), but not beyond 8 MB on the server's word alone.
        let mut body = Vec::with_capacity(announced.min(PRESIZE_UP_TO));
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport_error(e))? {
            if body.len() + chunk.len() > self.max_body {
                return Err(ApiError::TooLarge { server: self.label.clone(), limit: self.max_body });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, headers, body: body.into() })
    }

    fn transport_error(&self, e: reqwest::Error) -> ApiError {
        let server = self.label.clone();
        if e.is_timeout() {
            ApiError::Timeout { server, after: self.timeout }
        } else if e.is_connect() {
            ApiError::Connect { server, detail: root_cause(&e) }
        } else {
            // Body, decode and protocol errors all mean the exchange broke off midway.
            ApiError::Dropped { server, detail: root_cause(&e) }
        }
    }

    /// Turn a non-success answer into an error, using the dialect's reader for the body.
    pub(crate) fn status_error(
        &self,
        resp: &RawResponse,
        read_body: impl FnOnce(&serde_json::Value) -> StatusError,
    ) -> ApiError {
        if (300..400).contains(&resp.status) {
            let to = resp.header("location").map(|l| clean_line(l).into_owned()).unwrap_or_default();
            return ApiError::Status(StatusError {
                server: self.label.clone(),
                status: resp.status,
                message: format!("redirected to {to:?}; check the configured URL (scheme, path, trailing slash)"),
                ..Default::default()
            });
        }
        match serde_json::from_slice::<serde_json::Value>(&resp.body) {
            Ok(v) => {
                let mut err = read_body(&v);
                err.server = self.label.clone();
                err.status = resp.status;
                ApiError::Status(err)
            }
            Err(_) if resp.body.is_empty() => ApiError::Status(StatusError {
                server: self.label.clone(),
                status: resp.status,
                message: reason(resp.status).to_string(),
                ..Default::default()
            }),
            Err(_) => self.not_json(resp),
        }
    }

    /// A body that should have been JSON and is not: describe it with a short excerpt (the
    /// `<title>` of an HTML page when there is one).
    pub(crate) fn not_json(&self, resp: &RawResponse) -> ApiError {
        let text = String::from_utf8_lossy(&resp.body);
        let snippet = html_title(&text).unwrap_or_else(|| first_line(&text));
        ApiError::NotJson {
            server: self.label.clone(),
            status: resp.status,
            content_type: clean_line(resp.content_type().split(';').next().unwrap_or("")).trim().to_string(),
            snippet: truncate_chars(&clean_line(&snippet), 120).into_owned(),
        }
    }

    /// Decode a success body, mapping a parse failure to a readable error.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(
        &self,
        resp: &RawResponse,
        what: &'static str,
    ) -> Result<T, ApiError> {
        from_json(&resp.body).map_err(|e| {
            if serde_json::from_slice::<serde::de::IgnoredAny>(&resp.body).is_err() {
                self.not_json(resp)
            } else {
                ApiError::Decode { server: self.label.clone(), what, detail: e.to_string() }
            }
        })
    }
}

/// Decode JSON from bytes. The whole body is checked as UTF-8 once and parsed as text:
/// `serde_json::from_slice` checks every key and string on its own, which costs more than
/// the one pass over the page (a tenth of the instructions of decoding a page of user
/// actions). A body that is not UTF-8 goes through `from_slice` for its error.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// One percent-encoded path segment: group names, action names, usernames, uuids.
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn base_url(raw: &str) -> Result<Url, ApiError> {
    let trimmed = raw.trim();
    // A base without a trailing slash would make `join` drop its last path segment.
    let with_slash = if trimmed.ends_with('/') { trimmed.to_string() } else { format!("{trimmed}/") };
    let url = Url::parse(&with_slash).map_err(|e| ApiError::Local(format!("invalid server URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::Local(format!("server URL {raw:?} must start with http:// or https://")));
    }
    Ok(url)
}

fn server_label(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    }
}

fn auth_headers(auth: &Auth) -> Result<HeaderMap, ApiError> {
    let mut h = HeaderMap::new();
    let value = |s: String| {
        let mut v = HeaderValue::from_str(&s)
            .map_err(|_| ApiError::Local("the token contains characters not allowed in an HTTP header".into()))?;
        v.set_sensitive(true);
        Ok::<_, ApiError>(v)
    };
    match auth {
        Auth::None => {}
        Auth::Token(t) => {
            h.insert(reqwest::header::AUTHORIZATION, value(format!("Token {}", t.expose()))?);
        }
        Auth::Bearer(t) => {
            h.insert(reqwest::header::AUTHORIZATION, value(format!("Bearer {}", t.expose()))?);
        }
        Auth::Session(t) => {
            h.insert(HeaderName::from_static("session-token"), value(t.expose().to_string())?);
            h.insert(HeaderName::from_static("x-requested-with"), HeaderValue::from_static("X-CDS-SDK"));
        }
    }
    Ok(h)
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    clean_line(&cur.to_string()).into_owned()
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = lower[start..].find("</title>")? + start;
    let t = text[start..end].trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn first_line(text: &str) -> String {
    clean_text(text).lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string()
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, ct: &str, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_str(ct).expect("header"));
        RawResponse { status, headers, body: bytes::Bytes::from(body.to_string()) }
    }

    fn client() -> HttpClient {
        HttpClient::new(&ServerOptions::new("https://waldur.example.com/api", Auth::None)).expect("client")
    }

    #[test]
    fn json_is_read_as_text_and_bytes_that_are_not_utf8_are_an_error() {
        let ok: Vec<String> = from_json("[\"d\u{e9}j\u{e0}\"]".as_bytes()).expect("UTF-8 JSON");
        assert_eq!(ok, ["d\u{e9}j\u{e0}"]);
        assert!(from_json::<Vec<String>>(b"[\"\xff\"]").is_err());
        let c = client();
        let err = c.decode::<Vec<String>>(&resp(200, "application/json", "[\"a\""), "list").expect_err("cut short");
        assert!(matches!(err, ApiError::NotJson { .. }), "{err:?}");
        let bad = RawResponse { body: bytes::Bytes::from_static(b"[\"\xff\"]"), ..resp(200, "application/json", "") };
        assert!(c.decode::<Vec<String>>(&bad, "list").is_err());
    }

    #[test]
    fn base_url_gets_its_trailing_slash_and_paths_join_under_it() {
        let c = client();
        assert_eq!(c.url("user-actions/").expect("url").as_str(), "https://waldur.example.com/api/user-actions/");
        assert_eq!(c.label(), "waldur.example.com");
    }

    #[test]
    fn bad_urls_are_refused_with_the_value() {
        let err = HttpClient::new(&ServerOptions::new("ftp://x", Auth::None)).expect_err("refused");
        assert!(err.to_string().contains("ftp://x"));
        assert!(HttpClient::new(&ServerOptions::new("not a url", Auth::None)).is_err());
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("shared.infra"), "shared.infra");
        assert_eq!(segment("a b/c%"), "a%20b%2Fc%25");
    }

    #[test]
    fn html_error_pages_become_not_json_with_their_title() {
        let c = client();
        let r = resp(
            500,
            "text/html; charset=utf-8",
            "<html><head><title>Server Error (500)</title></head><body>…</body></html>",
        );
        let e = c.status_error(&r, |_| StatusError::default());
        assert_eq!(e.to_string(), "waldur.example.com answered 500 with text/html instead of JSON: Server Error (500)");
    }

    #[test]
    fn empty_error_bodies_use_the_reason_phrase() {
        let c = client();
        let e = c.status_error(&resp(502, "", ""), |_| StatusError::default());
        assert_eq!(e.to_string(), "waldur.example.com answered 502: Bad Gateway");
    }

    #[test]
    fn session_auth_sends_both_cds_headers_and_hides_the_token() {
        let h = auth_headers(&Auth::Session(Secret::new("abc"))).expect("headers");
        assert_eq!(h.get("session-token").map(|v| v.is_sensitive()), Some(true));
        assert_eq!(h.get("x-requested-with").and_then(|v| v.to_str().ok()), Some("X-CDS-SDK"));
        let h = auth_headers(&Auth::Token(Secret::new("k"))).expect("headers");
        assert_eq!(h.get("authorization").and_then(|v| v.to_str().ok()), Some("Token k"));
    }

    #[test]
    fn a_token_with_a_newline_is_refused_not_sent() {
        assert!(auth_headers(&Auth::Bearer(Secret::new("a\nb"))).is_err());
    }
}
