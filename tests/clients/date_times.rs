//! Generated crates decode `format: date-time` through their own `datetime`
//! module (chrono's strict RFC 3339 parser first, for speed). These tests hold
//! it to its promise: every string is accepted or refused exactly as
//! `chrono::DateTime<Utc>`'s own serde impl does, with the same value, in
//! required fields, optional fields, untagged variants and nested objects.

use chrono::{DateTime, Utc};
use profile_payments_client::types::{Payment, PaymentUpdatedAt, SubscriptionLog};
use serde_json::json;

/// What chrono's own serde impl makes of `s`.
fn chrono_decodes(s: &str) -> Result<DateTime<Utc>, String> {
    serde_json::from_value::<DateTime<Utc>>(json!(s)).map_err(|e| e.to_string())
}

/// A payment whose required `created_at` and optional `period_start` are `s`.
fn payment_with(s: &str) -> Result<Payment, serde_json::Error> {
    serde_json::from_value(json!({
        "id": 1, "amount_due_usd": 1, "status": "paid", "created_at": s, "period_start": s,
    }))
}

/// Strings at and around every edge of both of chrono's parsers.
const EDGES: &[&str] = &[
    "2023-03-15T15:11:59+02:00",
    "2023-03-15T15:11:59Z",
    "2023-03-15t15:11:59z",
    "2023-03-15 15:11:59Z",
    "2023-03-15T15:11:59-00:00",
    "2023-03-15T15:11:59+23:59",
    "2023-03-15T15:11:59+24:00",
    "2023-03-15T15:11:59+0200",
    "2023-03-15T15:11:59+02",
    "2023-03-15T15:11:59 +02:00",
    "2023-03-15T15:11:59UTC",
    "2023-03-15T15:11:59 UTC",
    "2023-03-15T15:11:59",
    "2023-03-15",
    "",
    " 2023-03-15T15:11:59Z",
    "2023-03-15T15:11:59Z ",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:60.5Z",
    "2023-03-15T23:59:61Z",
    "2023-02-29T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2023-03-15T24:00:00Z",
    "2023-03-15T15:60:00Z",
    "2023-13-15T15:11:59Z",
    "2023-00-15T15:11:59Z",
    "2023-03-00T15:11:59Z",
    "2023-3-15T15:11:59Z",
    "2023-03-15T5:11:59Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "+12023-03-15T15:11:59Z",
    "-0001-03-15T15:11:59Z",
    "2023-03-15T15:11:59.Z",
    "2023-03-15T15:11:59.1Z",
    "2023-03-15T15:11:59.123456789Z",
    "2023-03-15T15:11:59.1234567891234Z",
    "2023-03-15T15:11:59,5Z",
    "2023-03-15T15:11:59.5+05:30",
    "2023-03-15T00:00:00-23:59",
    "0000-01-01T00:00:00+00:01",
    "2023-03-15T15:11:59+02:00trailing",
    "2023-03-15T15:11:59Zz",
    "２０２３-03-15T15:11:59Z",
];

/// `n` strings assembled from valid and invalid pieces of every component.
fn mixed(n: usize) -> Vec<String> {
    const YEARS: &[&str] = &["2023", "1970", "0000", "9999", "202", "+2023", "20x3"];
    const MONTHS: &[&str] = &["01", "02", "12", "00", "13", "1"];
    const DAYS: &[&str] = &["01", "28", "29", "30", "31", "00", "32", "7"];
    const SEPARATORS: &[&str] = &["T", "t", " ", "  ", "_", ""];
    const HOURS: &[&str] = &["00", "23", "24", "7"];
    const MINUTES: &[&str] = &["00", "59", "60"];
    const SECONDS: &[&str] = &["00", "59", "60", "61", "5"];
    const FRACTIONS: &[&str] = &["", ".", ".0", ".5", ".123456789", ".1234567891", ",5"];
    const OFFSETS: &[&str] = &[
        "Z", "z", "+00:00", "-00:00", "+05:30", "-23:59", "+24:00", "+0530", "+05", "", " Z",
        "UTC", "+05:30 ",
    ];
    let mut rng = fastrand::Rng::with_seed(3339);
    let mut pick = |from: &[&'static str]| from[rng.usize(..from.len())];
    (0..n)
        .map(|_| {
            format!(
                "{}-{}-{}{}{}:{}:{}{}{}",
                pick(YEARS),
                pick(MONTHS),
                pick(DAYS),
                pick(SEPARATORS),
                pick(HOURS),
                pick(MINUTES),
                pick(SECONDS),
                pick(FRACTIONS),
                pick(OFFSETS)
            )
        })
        .collect()
}

/// Assert that `decoded` is what chrono makes of `s`.
fn assert_as_chrono<T: std::fmt::Debug>(
    s: &str,
    decoded: Result<T, serde_json::Error>,
    value: impl FnOnce(&T) -> DateTime<Utc>,
) {
    match (chrono_decodes(s), decoded) {
        (Ok(expected), Ok(got)) => assert_eq!(value(&got), expected, "{s:?}"),
        (Err(expected), Err(got)) => {
            // chrono's message, with serde_json's position after it.
            let expected = expected.split(" at line").next().unwrap();
            assert!(got.to_string().contains(expected), "{s:?}: {got}");
        }
        (expected, got) => panic!("{s:?}: chrono gives {expected:?}, generated gives {got:?}"),
    }
}

#[test]
fn required_and_optional_fields_decode_every_string_as_chrono_does() {
    let corpus: Vec<String> = EDGES
        .iter()
        .map(|s| (*s).to_owned())
        .chain(mixed(20_000))
        .collect();
    let accepted = corpus.iter().filter(|s| chrono_decodes(s).is_ok()).count();
    // The corpus exercises both outcomes in earnest.
    assert!(
        accepted > 1_000 && accepted < corpus.len() - 1_000,
        "{accepted}"
    );
    for s in &corpus {
        assert_as_chrono(s, payment_with(s), |p| p.created_at);
        if let Ok(p) = payment_with(s) {
            assert_eq!(p.period_start, Some(p.created_at), "{s:?}");
        }
    }
}

#[test]
fn untagged_variants_and_nested_objects_decode_as_chrono_does() {
    for s in EDGES.iter().copied() {
        let updated: Result<PaymentUpdatedAt, _> = serde_json::from_value(json!(s));
        match (chrono_decodes(s), updated) {
            (Ok(expected), Ok(got)) => assert_eq!(got, PaymentUpdatedAt::DateTime(expected)),
            // No documented branch matches: the raw value is kept, not refused.
            (Err(_), Ok(got)) => assert_eq!(got, PaymentUpdatedAt::Unknown(json!(s))),
            (expected, got) => panic!("{s:?}: chrono gives {expected:?}, generated {got:?}"),
        }
        let log: Result<SubscriptionLog, _> = serde_json::from_value(json!({"start_date": s}));
        assert_as_chrono(s, log, |l| l.start_date.unwrap());
        let cekura: Result<cekura_client::types::PaymentHistory, _> =
            serde_json::from_value(json!({"created_at": s}));
        assert_as_chrono(s, cekura, |p| p.created_at.unwrap());
    }
}

#[test]
fn optional_date_times_may_be_null_or_missing_but_required_ones_may_not() {
    let base = json!({"id": 1, "amount_due_usd": 1, "status": "paid", "created_at": "2023-03-15T15:11:59Z"});
    let p: Payment = serde_json::from_value(base.clone()).unwrap();
    assert_eq!(p.period_start, None);
    let mut with_null = base.clone();
    with_null["period_start"] = json!(null);
    let p: Payment = serde_json::from_value(with_null).unwrap();
    assert_eq!(p.period_start, None);

    let mut without = base.clone();
    without.as_object_mut().unwrap().remove("created_at");
    let e = serde_json::from_value::<Payment>(without).unwrap_err();
    assert!(e.to_string().contains("missing field `created_at`"), "{e}");
    let mut null = base;
    null["created_at"] = json!(null);
    assert!(serde_json::from_value::<Payment>(null).is_err());
    let e = serde_json::from_value::<Payment>(json!({
        "id": 1, "amount_due_usd": 1, "status": "paid", "created_at": 1678885919
    }))
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("an RFC 3339 formatted date and time string"),
        "{e}"
    );
}

#[test]
fn date_times_serialise_as_before() {
    let p = payment_with("2023-03-15T15:11:59.5+02:00").unwrap();
    let out = serde_json::to_value(&p).unwrap();
    assert_eq!(out["created_at"], json!("2023-03-15T13:11:59.500Z"));
    assert_eq!(
        out["created_at"],
        serde_json::to_value(chrono_decodes("2023-03-15T15:11:59.5+02:00").unwrap()).unwrap()
    );
}
