//! Waldur's `LinkHeaderPagination` (DRF page numbers, docs/wire-waldur.md): bare arrays,
//! `X-Result-Count`, and a `Link` header whose URLs are rebuilt from the request with the
//! query re-sorted alphabetically.

use crate::query::{QueryDict, python_int};

pub const DEFAULT_PAGE_SIZE: usize = 10;
pub const MAX_PAGE_SIZE: usize = 300;

/// `page_size`: capped at 300; zero, negative or not an integer falls back to 10.
pub fn page_size(q: &QueryDict) -> usize {
    match q.get("page_size").and_then(python_int) {
        Some(n) if n > 0 => (n as u64).min(MAX_PAGE_SIZE as u64) as usize,
        _ => DEFAULT_PAGE_SIZE,
    }
}

/// One page of `total` rows: `number` is 1-based, `start..end` indexes the full ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: usize,
    pub num_pages: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidPage;

/// Django's `Paginator.page` with DRF's `page=last`: page 1 always exists (even empty).
pub fn paginate(total: usize, q: &QueryDict) -> Result<Page, InvalidPage> {
    let size = page_size(q);
    let num_pages = total.div_ceil(size).max(1);
    let number = match q.get("page") {
        None => 1,
        Some("last") => num_pages,
        Some(raw) => {
            let n = python_int(raw).ok_or(InvalidPage)?;
            if n < 1 || n as u64 > num_pages as u64 {
                return Err(InvalidPage);
            }
            n as usize
        }
    };
    let start = (number - 1) * size;
    Ok(Page { number, num_pages, start, end: (start + size).min(total) })
}

/// `first`, `prev`, `next`, `last` in that order; `first` and `last` always present. `base` is
/// the absolute URL of the request without its query (`http://host/api/user-actions/`).
pub fn link_header(base: &str, q: &QueryDict, page: &Page) -> String {
    let url = |number: Option<usize>| {
        let query = match number {
            Some(n) if n > 1 => q.rebuilt_with("page", Some(&n.to_string())),
            _ => q.rebuilt_with("page", None),
        };
        if query.is_empty() { base.to_string() } else { format!("{base}?{query}") }
    };
    let mut links = vec![(url(None), "first")];
    if page.number > 1 {
        links.push((url(Some(page.number - 1)), "prev"));
    }
    if page.number < page.num_pages {
        links.push((url(Some(page.number + 1)), "next"));
    }
    links.push((url(Some(page.num_pages)), "last"));
    links.iter().map(|(u, rel)| format!("<{u}>; rel=\"{rel}\"")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> QueryDict {
        QueryDict::parse(Some(s))
    }

    #[test]
    fn page_size_defaults_caps_and_falls_back() {
        assert_eq!(page_size(&q("")), 10);
        assert_eq!(page_size(&q("page_size=25")), 25);
        assert_eq!(page_size(&q("page_size=301")), 300);
        assert_eq!(page_size(&q("page_size=99999999999999999999")), 300);
        for bad in ["0", "-5", "abc", "2.5", ""] {
            assert_eq!(page_size(&q(&format!("page_size={bad}"))), 10, "{bad}");
        }
    }

    #[test]
    fn pages_are_validated_like_django() {
        let p = |s: &str, total| paginate(total, &q(s));
        assert_eq!(p("page_size=10", 25), Ok(Page { number: 1, num_pages: 3, start: 0, end: 10 }));
        assert_eq!(p("page=3&page_size=10", 25), Ok(Page { number: 3, num_pages: 3, start: 20, end: 25 }));
        assert_eq!(p("page=last", 25), Ok(Page { number: 3, num_pages: 3, start: 20, end: 25 }));
        assert_eq!(p("page=1", 0), Ok(Page { number: 1, num_pages: 1, start: 0, end: 0 }));
        assert_eq!(p("page=last", 0), Ok(Page { number: 1, num_pages: 1, start: 0, end: 0 }));
        for bad in ["page=0", "page=4", "page=-1", "page=", "page=two", "page=1.0", "page=Last"] {
            assert_eq!(p(bad, 25), Err(InvalidPage), "{bad}");
        }
    }

    #[test]
    fn link_header_matches_the_spec_example() {
        let query = q("page_size=2");
        let page = paginate(3, &query).expect("page");
        assert_eq!(
            link_header("https://waldur.example.com/api/user-actions/", &query, &page),
            concat!(
                r#"<https://waldur.example.com/api/user-actions/?page_size=2>; rel="first", "#,
                r#"<https://waldur.example.com/api/user-actions/?page=2&page_size=2>; rel="next", "#,
                r#"<https://waldur.example.com/api/user-actions/?page=2&page_size=2>; rel="last""#
            )
        );
    }

    #[test]
    fn link_header_middle_page_and_empty_result() {
        let query = q("urgency=high&page=2&page_size=1");
        let page = paginate(3, &query).expect("page");
        assert_eq!(
            link_header("http://h/api/x/", &query, &page),
            concat!(
                r#"<http://h/api/x/?page_size=1&urgency=high>; rel="first", "#,
                r#"<http://h/api/x/?page_size=1&urgency=high>; rel="prev", "#,
                r#"<http://h/api/x/?page=3&page_size=1&urgency=high>; rel="next", "#,
                r#"<http://h/api/x/?page=3&page_size=1&urgency=high>; rel="last""#
            )
        );
        let empty = QueryDict::default();
        let page = paginate(0, &empty).expect("page");
        assert_eq!(
            link_header("http://h/api/x/", &empty, &page),
            r#"<http://h/api/x/>; rel="first", <http://h/api/x/>; rel="last""#
        );
    }
}
