//! The forward-compatibility contract and the naming fixes of generator
//! revision 4, on the crate generated from `specs/generator-fixture` (one
//! schema per class of input real specs hold; see its NOTES.md).

use generator_fixture_client::types::Customer;
use generator_fixture_client::types::{
    Action, Customer2, OrderShipping, OrderShipping2, Outcome, Stamps, Thing,
};
use generator_fixture_client::types::{GetThingError, Missing, Refusal};
use generator_fixture_client::{Client, Credentials, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn thing(value: serde_json::Value) -> Thing {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_unknown_field_decodes_even_where_the_spec_forbids_extra_properties() {
    let t = thing(json!({"strict": {"id": "s1", "added_tomorrow": true}}));
    assert_eq!(t.strict.unwrap().id, "s1");
}

#[test]
fn enums_whose_values_need_no_rename_are_open_too() {
    let t = thing(json!({"outcome": "Success"}));
    assert_eq!(t.outcome, Some(Outcome::Success));
    let t = thing(json!({"outcome": "ChallengeShopper"}));
    assert_eq!(
        t.outcome,
        Some(Outcome::UnknownValue("ChallengeShopper".into()))
    );
    assert_eq!(t.outcome.unwrap().to_string(), "ChallengeShopper");
}

#[test]
fn a_union_branch_is_chosen_by_its_type_not_by_order() {
    let redirect =
        thing(json!({"action": {"type": "redirect", "url": "https://x", "method": "GET"}}));
    assert!(
        matches!(redirect.action, Some(Action::Redirect(ref r)) if r.url == "https://x"),
        "{redirect:?}"
    );
    let wait = thing(json!({"action": {"type": "await", "method": "GET"}}));
    assert!(matches!(wait.action, Some(Action::Await(_))), "{wait:?}");
}

#[test]
fn an_unknown_union_branch_decodes_and_keeps_its_raw_json() {
    let raw = json!({"type": "threeDS2", "token": "abc", "method": "GET"});
    let t = thing(json!({"action": raw.clone()}));
    assert_eq!(t.action, Some(Action::Unknown(raw)));
}

#[test]
fn a_required_property_the_schema_never_declares_is_not_required() {
    let t = thing(json!({"ghostly": {"id": "g"}}));
    assert_eq!(t.ghostly.unwrap().id, "g");
}

#[test]
fn properties_equal_after_snake_case_are_distinct_fields_on_the_wire() {
    let wire = json!({"createdAt": "a", "created_at": "b", "type": "c", "type_": "d", "3ds": true});
    let s: Stamps = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        (
            s.created_at.as_deref(),
            s.created_at_2.as_deref(),
            s.type_.as_deref(),
            s.type_2.as_deref(),
            s.x3ds
        ),
        (Some("a"), Some("b"), Some("c"), Some("d"), Some(true))
    );
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        wire,
        "and serialise back to the same keys"
    );
}

#[test]
fn enum_values_without_distinct_rust_names_decode_as_strings() {
    let t = thing(json!({"zone": "Etc/GMT-0"}));
    assert_eq!(t.zone.unwrap().to_string(), "Etc/GMT-0");
}

#[test]
fn an_inline_type_titled_like_a_component_is_its_own_type() {
    let t = thing(json!({"order": {"payer": {"email": "a@b"}, "buyer": {"name": "n"}}}));
    let order = t.order.unwrap();
    let payer: Customer2 = order.payer.unwrap();
    assert_eq!(payer.email.as_deref(), Some("a@b"));
    assert_eq!(order.buyer.unwrap().name.as_deref(), Some("n"));
}

#[test]
fn a_nullable_inline_union_named_like_a_component_is_its_own_type() {
    let id = thing(json!({"order": {"shipping": "shp_1"}}));
    assert_eq!(
        id.order.unwrap().shipping,
        Some(OrderShipping2::String("shp_1".into()))
    );
    let expanded = thing(json!({"order": {"shipping": {"carrier": "ups"}}}));
    let shipping = expanded.order.unwrap().shipping.unwrap();
    assert!(
        matches!(shipping, OrderShipping2::OrderShipping(OrderShipping { ref carrier }) if carrier.as_deref() == Some("ups")),
        "{shipping:?}"
    );
    assert_eq!(
        thing(json!({"order": {"shipping": null}}))
            .order
            .unwrap()
            .shipping,
        None
    );
}

#[test]
fn a_zero_minimum_length_accepts_the_empty_string() {
    let t = thing(json!({"code": ""}));
    assert_eq!(t.code.unwrap().to_string(), "");
}

/// The error `GET /things` gives when the server answers `status` with `body`.
async fn error_for(status: u16, body: serde_json::Value) -> Error<GetThingError> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    // One attempt: a documented 503 is the answer, not a reason to retry here.
    let once = generator_fixture_client::client_runtime::Config::default().max_attempts(1);
    let client =
        Client::with_config(&server.uri(), Credentials::bearer_auth("k").unwrap(), once).unwrap();
    client.get_thing().send().await.unwrap_err()
}

#[tokio::test]
async fn every_documented_error_status_is_a_typed_error_response() {
    match error_for(400, json!({"message": "no"})).await {
        Error::ErrorResponse(r) => {
            assert_eq!(r.status().as_u16(), 400);
            assert_eq!(
                *r,
                GetThingError::Refusal(Refusal {
                    message: "no".into()
                })
            );
        }
        other => panic!("{other:?}"),
    }
    match error_for(404, json!({"code": "missing"})).await {
        Error::ErrorResponse(r) => {
            assert_eq!(r.status().as_u16(), 404);
            assert_eq!(
                *r,
                GetThingError::Missing(Missing {
                    code: "missing".into()
                })
            );
        }
        other => panic!("{other:?}"),
    }
    // 401 lies inside the documented 4XX range: its own arm is reachable.
    match error_for(401, json!({"message": "who?"})).await {
        Error::ErrorResponse(r) => assert_eq!(r.status().as_u16(), 401),
        other => panic!("{other:?}"),
    }
    // Documented without a body: its JSON, whatever it is, is kept.
    match error_for(503, json!({"retry": true})).await {
        Error::ErrorResponse(r) => {
            assert_eq!(r.status().as_u16(), 503);
            assert_eq!(*r, GetThingError::Unknown(json!({"retry": true})));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_enum_merged_through_all_of_keeps_its_own_type() {
    let t = thing(json!({"subscription": {"id": "s", "status": "APPROVAL_PENDING"}}));
    let s = t.subscription.unwrap();
    assert_eq!(s.id.as_deref(), Some("s"));
    assert_eq!(s.status.unwrap().to_string(), "APPROVAL_PENDING");
}

#[test]
fn an_all_of_cycle_decodes_without_overflowing_the_stack() {
    let t = thing(json!({"loop": {"a": "x", "b": "y"}, "page_size": 50}));
    let l = t.loop_.unwrap();
    assert_eq!((l.a.as_deref(), l.b.as_deref()), (Some("x"), Some("y")));
    assert_eq!(t.page_size, Some(50));
}

/// Serve `/things` only to requests carrying every `(header, value)` of `required`; return
/// whether the call was accepted.
async fn accepted_with(credentials: Credentials, required: &[(&str, &str)]) -> bool {
    let server = MockServer::start().await;
    let mut mock = Mock::given(method("GET")).and(path("/things"));
    for (name, value) in required {
        mock = mock.and(wiremock::matchers::header(*name, *value));
    }
    mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::with_credentials(&server.uri(), credentials).unwrap();
    client.get_thing().send().await.is_ok()
}

#[tokio::test]
async fn http_basic_sends_base64_of_user_and_password() {
    // base64("Aladdin:open sesame"), RFC 7617's example.
    let credentials = Credentials::basic_auth("Aladdin", "open sesame").unwrap();
    assert!(
        accepted_with(
            credentials,
            &[("authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]
        )
        .await
    );
    let padded = Credentials::basic_auth("a", "b").unwrap();
    assert!(accepted_with(padded, &[("authorization", "Basic YTpi")]).await);
}

#[tokio::test]
async fn a_cookie_key_is_sent_as_a_cookie_and_cannot_inject_another() {
    let credentials = Credentials::session("s3cr3t").unwrap();
    assert!(accepted_with(credentials, &[("cookie", "SESSION=s3cr3t")]).await);
    let e = Credentials::session("x; admin=1").unwrap_err();
    assert!(!e.to_string().contains("admin"), "{e}");
}

#[tokio::test]
async fn two_schemes_required_together_are_both_sent() {
    let both = Credentials::app_key("key-1")
        .unwrap()
        .and(Credentials::session("s-2").unwrap());
    assert!(
        accepted_with(
            both.clone(),
            &[("x-app-key", "key-1"), ("cookie", "SESSION=s-2")]
        )
        .await
    );
    let only_key = Credentials::app_key("key-1").unwrap();
    assert!(
        !accepted_with(
            only_key,
            &[("x-app-key", "key-1"), ("cookie", "SESSION=s-2")]
        )
        .await
    );
    let debug = format!("{both:?}");
    assert!(
        debug.contains("AppKey") && debug.contains("Session"),
        "{debug}"
    );
    assert!(
        !debug.contains("key-1") && !debug.contains("s-2"),
        "{debug}"
    );
}

/// `DELETE /things/t1` answered with `status` and `body` (empty when `None`).
async fn delete_answered(status: u16, body: Option<serde_json::Value>) -> Option<Customer> {
    let server = MockServer::start().await;
    let answer = match body {
        Some(b) => ResponseTemplate::new(status).set_body_json(b),
        None => ResponseTemplate::new(status),
    };
    Mock::given(method("DELETE"))
        .and(path("/things/t1"))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::with_credentials(&server.uri(), Credentials::bearer_auth("k").unwrap()).unwrap();
    let response = client.delete_thing().id("t1").send().await.unwrap();
    assert_eq!(response.status().as_u16(), status);
    response.into_inner()
}

#[tokio::test]
async fn a_json_success_and_an_empty_one_are_both_successes() {
    let some = delete_answered(200, Some(json!({"id": "t1"}))).await;
    assert_eq!(some.and_then(|c| c.id).as_deref(), Some("t1"));
    assert_eq!(delete_answered(204, None).await, None);
}

#[tokio::test]
async fn two_success_statuses_with_different_bodies_both_decode() {
    use generator_fixture_client::types::{PutThingSuccess, Record};
    let answer = |status: u16, body: serde_json::Value| async move {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/things/t1"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        let client =
            Client::with_credentials(&server.uri(), Credentials::bearer_auth("k").unwrap())
                .unwrap();
        let v = client.put_thing().id("t1").send().await.unwrap();
        (v.status().as_u16(), v.into_inner())
    };
    let (status, replaced) = answer(200, json!({"id": "r1", "amount": 3})).await;
    assert_eq!(status, 200);
    assert_eq!(
        replaced,
        PutThingSuccess::Record(Record {
            id: "r1".into(),
            amount: 3,
            updated_at: None,
        })
    );
    let (status, created) = answer(201, json!({"created": "t1"})).await;
    assert_eq!(
        status, 201,
        "a documented 201 is a success, not an unexpected response"
    );
    assert_eq!(
        created,
        PutThingSuccess::Created {
            created: "t1".into()
        }
    );
}
