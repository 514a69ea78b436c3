//! Where a user action points in Waldur's web UI (HomePort). The API names a UI-Router state
//! and its parameters (`route_name`, `route_params`); a link needs the URL HomePort gives that
//! state. User actions use two states today, with these URLs in HomePort's marketplace routes:
//!
//! | state                          | URL                                         |
//! |--------------------------------|---------------------------------------------|
//! | `marketplace-orders.details`   | `/marketplace-order-details/{order_uuid}/`  |
//! | `marketplace-resource-details` | `/resource-details/{resource_uuid}`         |
//!
//! Other parameters (`tab`) go in the query. An unknown state gets no link: the dialog then
//! names the state, and the web UI's root is still offered.

use reqwest::Url;
use serde_json::{Map, Value};

use crate::backends::http::segment;

/// (state, path template) — `{name}` is replaced by that parameter, percent-encoded.
const ROUTES: &[(&str, &str)] = &[
    ("marketplace-orders.details", "marketplace-order-details/{order_uuid}/"),
    ("marketplace-resource-details", "resource-details/{resource_uuid}"),
];

/// The web UI's base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebUi {
    base: Url,
}

impl WebUi {
    /// `configured` (`ui_url`) when given, else the API's scheme and host: HomePort is usually
    /// served at the root of the host whose `/api/` is the API.
    pub(crate) fn new(configured: Option<&str>, api_url: &str) -> Option<Self> {
        let mut base = match configured {
            Some(url) => Url::parse(url.trim()).ok()?,
            None => {
                let mut api = Url::parse(api_url.trim()).ok()?;
                let path = api.path().trim_end_matches('/');
                let root = path.strip_suffix("/api").unwrap_or(path).to_string();
                api.set_path(&root);
                api.set_query(None);
                api.set_fragment(None);
                api
            }
        };
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Some(Self { base })
    }

    pub(crate) fn root(&self) -> String {
        self.base.to_string()
    }

    /// The URL of `route` with `params` (the raw `route_params` JSON), or `None` for a state
    /// opsy does not know or a parameter the template needs and the server did not send.
    pub(crate) fn link(&self, route: &str, params: &str) -> Option<String> {
        let (_, template) = ROUTES.iter().find(|(name, _)| *name == route)?;
        let mut params: Map<String, Value> =
            if params.trim().is_empty() { Map::new() } else { serde_json::from_str(params).ok()? };
        let mut path = String::new();
        let mut rest = *template;
        while let Some(open) = rest.find('{') {
            let close = open + rest[open..].find('}')?;
            path.push_str(&rest[..open]);
            let value = params.remove(&rest[open + 1..close])?;
            path.push_str(&segment(&as_text(&value)));
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        let mut url = self.base.join(&path).ok()?;
        if !params.is_empty() {
            let mut query = url.query_pairs_mut();
            for (k, v) in &params {
                query.append_pair(k, &as_text(v));
            }
        }
        Some(url.to_string())
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_web_ui_defaults_to_the_api_host_and_honours_ui_url() {
        let derived = WebUi::new(None, "https://waldur.example.com/api/").expect("derived");
        assert_eq!(derived.root(), "https://waldur.example.com/");
        let port = WebUi::new(None, "http://127.0.0.1:8080/api").expect("with port");
        assert_eq!(port.root(), "http://127.0.0.1:8080/");
        let prefixed = WebUi::new(None, "https://ops.example.com/waldur/api/").expect("prefixed");
        assert_eq!(prefixed.root(), "https://ops.example.com/waldur/");
        let set = WebUi::new(Some("https://portal.example.com"), "https://api.example.com/api/").expect("set");
        assert_eq!(set.root(), "https://portal.example.com/");
    }

    #[test]
    fn known_states_become_homeport_urls() {
        let ui = WebUi::new(Some("https://portal.example.com/"), "").expect("ui");
        assert_eq!(
            ui.link("marketplace-orders.details", r#"{"order_uuid":"9a8b7c6d5e4f40318a2b3c4d5e6f7081"}"#).as_deref(),
            Some("https://portal.example.com/marketplace-order-details/9a8b7c6d5e4f40318a2b3c4d5e6f7081/")
        );
        assert_eq!(
            ui.link("marketplace-resource-details", r#"{"resource_uuid":"ab12","tab":"actions"}"#).as_deref(),
            Some("https://portal.example.com/resource-details/ab12?tab=actions")
        );
        // Hostile values stay inside their segment.
        assert_eq!(
            ui.link("marketplace-resource-details", r#"{"resource_uuid":"../../x?y"}"#).as_deref(),
            Some("https://portal.example.com/resource-details/..%2F..%2Fx%3Fy")
        );
        assert_eq!(ui.link("some-other.state", "{}"), None);
        assert_eq!(ui.link("marketplace-orders.details", "{}"), None, "the uuid is missing");
        assert_eq!(ui.link("marketplace-orders.details", "not json"), None);
    }
}
