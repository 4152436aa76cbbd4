//! Rust names made from spec names, the way progenitor makes them.

/// `snake_case` of an identifier the way progenitor names methods.
pub fn snake(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// `PascalCase` of an identifier (for type names).
pub fn pascal(s: &str) -> String {
    snake(s)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The case typify names a thing in.
#[derive(Clone, Copy)]
pub enum Case {
    /// Types and enum variants.
    Pascal,
    /// Struct fields.
    Snake,
}

/// The Rust identifier typify 0.8 makes of `input` (its `sanitize`): the
/// characters an identifier cannot hold become word breaks, a leading
/// non-letter gets an `x` in front, and a keyword gets a trailing `_`
/// (typify's own `accept_as_ident` says which are keywords).
pub fn typify_ident(input: &str, case: Case) -> String {
    use heck::{ToPascalCase, ToSnakeCase};
    let to_case = |s: &str| match case {
        Case::Pascal => s.to_pascal_case(),
        Case::Snake => s.to_snake_case(),
    };
    let out = match input {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => to_case(
            &input
                .replace('\'', "")
                .replace(|c| !unicode_ident::is_xid_continue(c), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => to_case("x"),
        Some(c) if unicode_ident::is_xid_start(c) => out,
        Some(_) => format!("{}{out}", to_case("x")),
    };
    if typify::accept_as_ident(&out) {
        out
    } else {
        format!("{out}_")
    }
}

/// The variant names typify 0.8 gives a string enum's `values`: plain
/// [`typify_ident`]s, or, if two are equal, with `_` and other non-identifier
/// characters spelled `X`. `None` if they still collide (typify panics then).
pub fn typify_variants(values: &[&str]) -> Option<Vec<String>> {
    let unique = |names: &[String]| {
        let mut seen = std::collections::BTreeSet::new();
        names.iter().all(|n| seen.insert(n.as_str()))
    };
    let plain: Vec<String> = values
        .iter()
        .map(|v| typify_ident(v, Case::Pascal))
        .collect();
    if unique(&plain) {
        return Some(plain);
    }
    let spelled: Vec<String> = values
        .iter()
        .map(|v| {
            let v = v.replace(|c| c == '_' || !unicode_ident::is_xid_continue(c), "X");
            typify_ident(&v, Case::Pascal)
        })
        .collect();
    unique(&spelled).then_some(spelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typify_idents_match_typify_s_sanitize() {
        assert_eq!(typify_ident("createdAt", Case::Snake), "created_at");
        assert_eq!(typify_ident("created_at", Case::Snake), "created_at");
        assert_eq!(typify_ident("type", Case::Snake), "type_");
        assert_eq!(typify_ident("gen", Case::Snake), "gen_");
        assert_eq!(typify_ident("self", Case::Pascal), "Self_");
        assert_eq!(typify_ident("3ds", Case::Snake), "x3ds");
        assert_eq!(typify_ident("Etc/GMT+0", Case::Pascal), "EtcGmt0");
        assert_eq!(typify_ident("a-b", Case::Pascal), "AB");
        assert_eq!(typify_ident("", Case::Pascal), "X");
    }

    #[test]
    fn typify_variants_fall_back_to_x_and_then_give_up() {
        assert_eq!(typify_variants(&["a-b", "a_b"]), None);
        assert_eq!(typify_variants(&["a-b", "a.b"]), None);
        assert_eq!(
            typify_variants(&["a-b", "ab"]),
            Some(vec!["AB".into(), "Ab".into()])
        );
        assert_eq!(typify_variants(&["a-b", "a+b"]), None, "both spell as AXb");
        assert_eq!(
            typify_variants(&["a_b", "aB"]),
            Some(vec!["AXb".into(), "AB".into()])
        );
        assert_eq!(
            typify_variants(&["a", "b"]),
            Some(vec!["A".into(), "B".into()])
        );
        assert_eq!(typify_variants(&["Etc/GMT+0", "Etc/GMT-0"]), None);
    }

    #[test]
    fn snake_and_pascal_follow_progenitor_naming() {
        assert_eq!(snake("billing-payment-history"), "billing_payment_history");
        assert_eq!(snake("getBillingHistory"), "get_billing_history");
        assert_eq!(snake("bearerAuth"), "bearer_auth");
        assert_eq!(snake("X-CEKURA api_key"), "x_cekura_api_key");
        assert_eq!(pascal("getBillingHistory"), "GetBillingHistory");
        assert_eq!(pascal("api_key"), "ApiKey");
    }
}
