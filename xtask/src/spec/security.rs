//! Security schemes, spec side: which of `components.securitySchemes` the
//! generated crate can send (progenitor ignores them all).
//!
//! Supported: `http` bearer and basic, `apiKey` in a header, a cookie or the
//! query string (safe since `client-runtime`: its errors carry no URL, and
//! it sends nothing to another origin), and `oauth2`/`openIdConnect` as a
//! bearer access token. Not generated (with a notice): other http schemes,
//! `mutualTLS`.

use serde_json::Value;

use crate::diag::{Notice, PointerError, child};

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// The key as the whole value of its header.
    Header,
    /// `Cookie: <name>=<key>`.
    Cookie(String),
    /// `?<name>=<key>` in the query string.
    Query(String),
}

/// One supported security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Key in `components.securitySchemes`.
    pub name: String,
    /// Header the credential goes in, lower-case (empty for a query key).
    pub header: String,
    /// How the value is written.
    pub form: Form,
    /// The spec's description, for the constructor's docs.
    pub description: Option<String>,
}

/// Whether `name` is a valid HTTP header name (RFC 9110 token).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The supported schemes declared in `doc`, in spec order.
pub fn schemes(doc: &Value, notices: &mut Vec<Notice>) -> Result<Vec<Scheme>, PointerError> {
    let Some(declared) = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, s) in declared {
        let ptr = child("/components/securitySchemes", name);
        let kind = s.get("type").and_then(Value::as_str).unwrap_or_default();
        let description = s
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let http_scheme = s
            .get("scheme")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let location = s.get("in").and_then(Value::as_str).unwrap_or_default();
        let key_name = s.get("name").and_then(Value::as_str).unwrap_or_default();
        let scheme = |header: &str, form: Form| Scheme {
            name: name.clone(),
            header: header.to_owned(),
            form,
            description: description.clone(),
        };
        let scheme = match (kind, http_scheme.as_str(), location) {
            ("http", "bearer", _) | ("oauth2" | "openIdConnect", _, _) => {
                Some(scheme("authorization", Form::Bearer))
            }
            ("http", "basic", _) => Some(scheme("authorization", Form::Basic)),
            ("apiKey", _, "header" | "cookie") if !is_token(key_name) => {
                return Err(PointerError::new(
                    child(&ptr, "name"),
                    format!("`{key_name}` is not a valid HTTP {location} name"),
                ));
            }
            ("apiKey", _, "header") => Some(scheme(&key_name.to_ascii_lowercase(), Form::Header)),
            ("apiKey", _, "cookie") => Some(scheme("cookie", Form::Cookie(key_name.to_owned()))),
            ("apiKey", _, "query") if !key_name.is_empty() => {
                Some(scheme("", Form::Query(key_name.to_owned())))
            }
            _ => None,
        };
        match scheme {
            Some(s) => out.push(s),
            None => notices.push(Notice::new(
                ptr,
                format!("security scheme `{name}` ({kind} {http_scheme}{location}) is not generated: attach it with `Client::new_with_client` and a reqwest client carrying default headers"),
            )),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bearer_basic_header_cookie_query_and_oauth_are_supported_mutual_tls_is_not() {
        let doc = json!({"components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "api_key": {"type": "apiKey", "in": "header", "name": "X-CEKURA-API-KEY"},
            "oauth": {"type": "oauth2", "flows": {}},
            "basic": {"type": "http", "scheme": "basic"},
            "session": {"type": "apiKey", "in": "cookie", "name": "SESSION"},
            "q": {"type": "apiKey", "in": "query", "name": "key"},
            "mtls": {"type": "mutualTLS"}
        }}});
        let mut n = Vec::new();
        let s = schemes(&doc, &mut n).unwrap();
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.name.as_str(), s.header.as_str(), s.form.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("bearerAuth", "authorization", Form::Bearer),
                ("api_key", "x-cekura-api-key", Form::Header),
                ("oauth", "authorization", Form::Bearer),
                ("basic", "authorization", Form::Basic),
                ("session", "cookie", Form::Cookie("SESSION".into())),
                ("q", "", Form::Query("key".into())),
            ]
        );
        let skipped: Vec<_> = n.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(skipped, ["/components/securitySchemes/mtls"]);
    }

    #[test]
    fn an_invalid_header_name_is_an_error_at_the_scheme() {
        let doc = json!({"components": {"securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "bad name"}}}});
        let err = schemes(&doc, &mut Vec::new()).unwrap_err();
        assert_eq!(err.pointer, "/components/securitySchemes/k/name");
    }
}
