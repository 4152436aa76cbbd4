//! Open enums decode with their own `Deserialize` (a string handed to the
//! enum's `FromStr`) instead of serde's derive, which buffers every value of
//! an enum that has an untagged variant. These tests hold the generated impl
//! to the derive's behaviour: every input is accepted or refused as the
//! derived enum of generator revision 2 did, with the same value, through
//! every `serde_json` entry point.

use cekura_client::types::{PaymentHistory, PaymentHistoryPaymentType as Generated};
use serde::Deserialize;
use serde_json::{Value, json};

/// The enum exactly as generator revision 2 emitted it (derived, with an
/// untagged catch-all), for `PaymentHistory.payment_type`.
#[derive(Deserialize, Debug)]
enum Derived {
    #[serde(rename = "auto_pay")]
    AutoPay,
    #[serde(rename = "one_time_payment")]
    OneTimePayment,
    #[serde(rename = "self_serve_credits")]
    SelfServeCredits,
    #[serde(rename = "self_serve_member_seat")]
    SelfServeMemberSeat,
    #[serde(rename = "subscription")]
    Subscription,
    #[serde(rename = "subscription_member_seat")]
    SubscriptionMemberSeat,
    #[serde(untagged)]
    UnknownValue(String),
}

/// `Some((name, is_unknown))` for a decoded value, `None` for an error.
type Outcome = Option<(String, bool)>;

fn derived(value: Result<Derived, serde_json::Error>) -> Outcome {
    let value = value.ok()?;
    Some(match value {
        Derived::UnknownValue(s) => (s, true),
        known => (format!("{known:?}"), false),
    })
}

fn generated(value: Result<Generated, serde_json::Error>) -> Outcome {
    let value = value.ok()?;
    let unknown = matches!(value, Generated::UnknownValue(_));
    let name = if unknown {
        value.to_string()
    } else {
        format!("{value:?}")
    };
    Some((name, unknown))
}

/// Decode `text` both ways through `from_str`, `from_slice` and `from_value`
/// and demand the same outcome from each.
fn assert_same(text: &str) {
    let by_str = (
        derived(serde_json::from_str(text)),
        generated(serde_json::from_str(text)),
    );
    assert_eq!(by_str.0, by_str.1, "from_str of {text}");
    let by_slice = (
        derived(serde_json::from_slice(text.as_bytes())),
        generated(serde_json::from_slice(text.as_bytes())),
    );
    assert_eq!(by_slice.0, by_slice.1, "from_slice of {text}");
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        let by_value = (
            derived(serde_json::from_value(value.clone())),
            generated(serde_json::from_value(value)),
        );
        assert_eq!(by_value.0, by_value.1, "from_value of {text}");
    }
}

#[test]
fn listed_values_decode_to_their_variants_as_the_derive_did() {
    for listed in [
        "auto_pay",
        "one_time_payment",
        "self_serve_credits",
        "self_serve_member_seat",
        "subscription",
        "subscription_member_seat",
    ] {
        let text = json!(listed).to_string();
        assert_same(&text);
        let (name, unknown) = generated(serde_json::from_str(&text)).unwrap();
        assert!(!unknown, "{listed} decoded as unknown");
        assert_eq!(
            name,
            format!("{:?}", serde_json::from_str::<Derived>(&text).unwrap())
        );
    }
    // Escapes are undone before matching, by both.
    assert_same(r#""auto\u005fpay""#);
    assert!(matches!(
        serde_json::from_str::<Generated>(r#""auto\u005fpay""#),
        Ok(Generated::AutoPay)
    ));
}

#[test]
fn unlisted_strings_are_kept_as_sent_as_the_derive_did() {
    let mut rng = fastrand::Rng::with_seed(7);
    let alphabet: Vec<char> = "abc_AUTO pay-é€😀\"\\\n\t0".chars().collect();
    let mut strings: Vec<String> = (0..5_000)
        .map(|_| {
            let len = rng.usize(0..24);
            (0..len)
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect()
        })
        .collect();
    strings.extend(
        [
            "",
            "Auto_Pay",
            "AUTO_PAY",
            "auto_pay ",
            " auto_pay",
            "autopay",
            "UnknownValue",
        ]
        .map(String::from),
    );
    for s in strings {
        let text = json!(s).to_string();
        assert_same(&text);
    }
    assert_eq!(
        serde_json::from_str::<Generated>(r#""credit_refund""#).unwrap(),
        Generated::UnknownValue("credit_refund".into())
    );
}

#[test]
fn values_that_are_not_strings_are_refused_as_the_derive_did() {
    for text in [
        "1",
        "-1",
        "1.5",
        "true",
        "null",
        "[]",
        r#"["auto_pay"]"#,
        "{}",
    ] {
        assert_same(text);
        assert!(
            serde_json::from_str::<Generated>(text).is_err(),
            "{text} accepted"
        );
    }
    // serde's derive also took the externally tagged form of a unit variant,
    // an object no vendor documents; the generated impl refuses it (the one
    // intended difference: the spec says the value is a string).
    let tagged = r#"{"auto_pay": null}"#;
    assert!(serde_json::from_str::<Derived>(tagged).is_ok());
    assert!(serde_json::from_str::<Generated>(tagged).is_err());
}

#[test]
fn records_decode_their_enums_in_place_and_null_stays_none() {
    let record = |payment_type: Value| {
        serde_json::from_value::<PaymentHistory>(json!({
            "id": 1, "amount": "1.00", "created_at": "2026-05-15T10:00:00Z",
            "payment_type": payment_type,
        }))
    };
    assert_eq!(
        record(json!("subscription")).unwrap().payment_type,
        Some(Generated::Subscription)
    );
    assert_eq!(
        record(json!("seat_bundle")).unwrap().payment_type,
        Some(Generated::UnknownValue("seat_bundle".into()))
    );
    assert_eq!(record(Value::Null).unwrap().payment_type, None);
    assert!(record(json!(3)).is_err());
}
