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

#[cfg(test)]
mod tests {
    use super::*;

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
