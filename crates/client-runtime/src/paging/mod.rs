//! Paging: how an operation's pages are described ([`Pagination`], the
//! operation's `x-pagination` extension) and the one walker that reads them
//! ([`Items`]).
//!
//! The description is written in the spec or its overlay, or detected by the
//! generator, and kept in the generated crate's document, so the generator,
//! this walker and the sandbox read the same one:
//!
//! ```yaml
//! x-pagination:
//!   style: page          # page | offset | cursor | link | single
//!   items: /data/items   # JSON pointer to the item array ("" when the body is the array)
//!   param: page          # the query parameter the walker sets (page, offset or cursor)
//!   size-param: page_size
//!   start: 1             # first page number (page style; default 1)
//!   next: /next          # pointer to a next-page URL (link style; a "more" signal in any)
//!   rebase-next: true    # re-anchor a next link naming another origin on the client's own
//!   cursor: /next_cursor # pointer to the next cursor (cursor style)
//!   cursor-item: /id     # or: the cursor is this field of the page's last item
//!   has-more: /has_more  # pointer to a boolean "more pages" flag
//!   total-pages: /data/total_pages
//!   total-items: /count
//! ```
//!
//! In link style with a `param`, when page 1's `next` link is the same
//! request with the page number 2 (the Django REST framework shape), the
//! pages a total implies are fetched by number, concurrently; links are
//! followed again from the last of them.
//!
//! A walk reads page after page while **any** signal says there is more (a
//! flag, a link, and in page and offset styles a total not reached by a page
//! that still had items; with no signal at all, a non-empty page), up to [`crate::Config::max_pages`] and [`crate::Config::max_items`]:
//! reaching either is an error, never a silently short result. When a total
//! is known the pages it implies are fetched [`crate::Config::concurrency`]
//! at a time, still yielded in order. A `next` link is followed only on the
//! origin of the first request; a link or cursor seen before, or a page that
//! repeats the one before it, ends the walk with [`crate::Error::Loop`].
//! Items are decoded one by one: a malformed item is one
//! [`crate::Error::Item`] and the walk goes on.

mod items;
mod json;
mod page;
pub mod query;
mod walk;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use items::{walk, Items};

/// How one operation pages: the value of its `x-pagination` extension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: Style,
    /// JSON pointer to the item array in a page ("" when the body is the array).
    pub items: Cow<'static, str>,
    /// The query parameter the walker sets: page number, offset or cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<Cow<'static, str>>,
    /// The query parameter of the page size, if any (the walker leaves it as the caller set it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_param: Option<Cow<'static, str>>,
    /// The first page's number (page style; 1 if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Pointer to the next page's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Cow<'static, str>>,
    /// A `next` link naming another origin is re-anchored on the first
    /// request's origin (its path and query kept) instead of ending the walk:
    /// for vendors behind proxies that report their internal host. The
    /// credential still never leaves the client's origin.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rebase_next: bool,
    /// Pointer to the next cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Cow<'static, str>>,
    /// Pointer, inside the last item of a page, to the next cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_item: Option<Cow<'static, str>>,
    /// Pointer to a boolean that says whether more pages follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<Cow<'static, str>>,
    /// Pointer to the number of pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<Cow<'static, str>>,
    /// Pointer to the number of items in all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items: Option<Cow<'static, str>>,
}

/// How the next page is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// By page number in [`Pagination::param`], from [`Pagination::start`].
    Page,
    /// By the offset of the first item in [`Pagination::param`], from 0.
    Offset,
    /// By a cursor in [`Pagination::param`], read from the previous page.
    Cursor,
    /// By following the URL at [`Pagination::next`].
    Link,
    /// One page holds every item (declared, never detected): the walk reads
    /// it and decodes its items one by one.
    Single,
}

impl Style {
    /// The style's name as `x-pagination` writes it (`page`, `offset`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Style::Page => "page",
            Style::Offset => "offset",
            Style::Cursor => "cursor",
            Style::Link => "link",
            Style::Single => "single",
        }
    }
}

impl Pagination {
    /// Whether the description is complete for its style: what the walker
    /// needs is there, and every pointer is a JSON pointer. The message
    /// names the field.
    pub fn check(&self) -> Result<(), String> {
        let needs = |field: &str, present: bool| {
            if present {
                Ok(())
            } else {
                Err(format!("style `{}` needs `{field}`", self.style.name()))
            }
        };
        match self.style {
            Style::Page | Style::Offset => needs("param", self.param.is_some())?,
            Style::Cursor => {
                needs("param", self.param.is_some())?;
                needs(
                    "cursor or cursor-item",
                    self.cursor.is_some() || self.cursor_item.is_some(),
                )?;
            }
            Style::Link => needs("next", self.next.is_some())?,
            Style::Single => {}
        }
        for (field, pointer) in self.pointers() {
            if !pointer.is_empty() && !pointer.starts_with('/') {
                return Err(format!("`{field}` is not a JSON pointer: {pointer:?}"));
            }
        }
        Ok(())
    }

    /// Every pointer of the description into a page, with its field's name
    /// (`cursor-item` points into an item, and is left out).
    pub fn pointers(&self) -> Vec<(&'static str, &str)> {
        let optional = [
            ("next", &self.next),
            ("cursor", &self.cursor),
            ("has-more", &self.has_more),
            ("total-pages", &self.total_pages),
            ("total-items", &self.total_items),
        ];
        let mut out = vec![("items", self.items.as_ref())];
        out.extend(
            optional
                .into_iter()
                .filter_map(|(f, p)| Some((f, p.as_deref()?))),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_read_from_yaml_style_json_and_are_checked_per_style() {
        let p: Pagination = serde_json::from_value(serde_json::json!({
            "style": "cursor", "items": "/data", "param": "starting_after",
            "cursor-item": "/id", "has-more": "/has_more"
        }))
        .unwrap();
        assert_eq!(p.check(), Ok(()));
        let mut no_cursor = p.clone();
        no_cursor.cursor_item = None;
        assert!(no_cursor.check().unwrap_err().contains("cursor"));
        let bad: Result<Pagination, _> =
            serde_json::from_value(serde_json::json!({"style": "page", "items": "", "pages": 1}));
        assert!(bad.is_err(), "unknown keys are refused");
        let mut relative = p;
        relative.has_more = Some("has_more".into());
        assert!(relative.check().unwrap_err().contains("has-more"));
    }
}
