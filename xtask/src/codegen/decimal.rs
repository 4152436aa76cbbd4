//! Exact decimals, Rust side: `type: number, format: decimal` becomes
//! `JsonDecimal`, a type emitted into the generated crate that keeps the JSON
//! number's text, so money never passes through `f64`. The module is the
//! template `templates/decimal.rs`, emitted as it is.

/// Rust path of the type, as the generated code names it.
pub const TYPE_PATH: &str = "crate::JsonDecimal";

/// The schema that maps to [`TYPE_PATH`] (metadata is ignored when matching).
pub fn schema() -> schemars::schema::SchemaObject {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::Number.into()),
        format: Some("decimal".to_owned()),
        ..Default::default()
    }
}

/// The `decimal` module of a generated crate: the template, parsed.
pub fn module() -> syn::File {
    syn::parse_str(include_str!("templates/decimal.rs"))
        .expect("templates/decimal.rs is valid Rust")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_parses_and_defines_json_decimal() {
        let file = super::module();
        let names: Vec<String> = file
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["JsonDecimal", "NotAJsonNumber"]);
    }
}
